using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.TwoTower.Text.Mappings;

namespace MLNet.TwoTower.Text;

/// <summary>
/// Entry point of the sentence-embedding transform: <c>ml.Transforms.EmbedSentences("Embedding", "Text")</c>.
/// </summary>
/// <remarks>
/// The estimator is a chain of built-in ML.NET transforms: a WordPiece tokenizer (a stateless CustomMapping), the
/// all-MiniLM-L6-v2 ONNX graph through <c>ApplyOnnxModel</c>, and mean pooling with L2 normalisation (another
/// CustomMapping). The fitted chain saves with <c>ml.Model.Save</c> (the ONNX bytes go into the zip) and loads with
/// <c>ml.Model.Load</c> after <see cref="RegisterSentenceEmbeddings"/> has told the new MLContext about the mappings.
/// ONNX Runtime scores one row at a time (about 100–200 sentences a second on two cores), so embed each distinct text
/// once (<see cref="DistinctSentenceEmbedder"/>) rather than once per interaction row. The temporary columns
/// <c>input_ids</c>, <c>attention_mask</c>, <c>token_type_ids</c> and <c>last_hidden_state</c> are dropped at the
/// end, so input columns of those names do not survive the transform.
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

        int length = options.MaximumTokens;
        var shapes = new Dictionary<string, int[]>
        {
            [MappingColumns.InputIds] = [1, length],
            [MappingColumns.AttentionMask] = [1, length],
            [MappingColumns.TokenTypeIds] = [1, length],
            [MappingColumns.LastHiddenState] = [1, length, SentenceEmbeddingDefaults.Dimension],
        };

        var onnx = catalog.ApplyOnnxModel(
            [MappingColumns.LastHiddenState],
            [MappingColumns.InputIds, MappingColumns.AttentionMask, MappingColumns.TokenTypeIds],
            new MemoryStream(MiniLmResources.ModelBytes, writable: false),
            shapes,
            options.GpuDeviceId,
            options.FallbackToCpu);

        var chain = new EstimatorChain<ITransformer>()
            .Append(catalog.CopyColumns(MappingColumns.Text, inputColumnName))
            .Append(Tokenize(catalog, length))
            .Append(onnx)
            .Append(Pool(catalog, length))
            .Append(catalog.CopyColumns(outputColumnName, MappingColumns.Embedding))
            .Append<ITransformer>(catalog.DropColumns(
                MappingColumns.Text, MappingColumns.InputIds, MappingColumns.AttentionMask,
                MappingColumns.TokenTypeIds, MappingColumns.LastHiddenState, MappingColumns.Embedding));
        return new SentenceEmbeddingEstimator(chain, inputColumnName);
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

    private static IEstimator<ITransformer> Tokenize(TransformsCatalog catalog, int length) => length switch
    {
        64 => catalog.CustomMapping(new TokenizeMapping64().GetMapping(), TokenizeMapping64.ContractName),
        128 => catalog.CustomMapping(new TokenizeMapping128().GetMapping(), TokenizeMapping128.ContractName),
        256 => catalog.CustomMapping(new TokenizeMapping256().GetMapping(), TokenizeMapping256.ContractName),
        _ => throw new ArgumentOutOfRangeException(nameof(length), length, "Unsupported sequence length."),
    };

    private static IEstimator<ITransformer> Pool(TransformsCatalog catalog, int length) => length switch
    {
        64 => catalog.CustomMapping(new MeanPoolingMapping64().GetMapping(), MeanPoolingMapping64.ContractName),
        128 => catalog.CustomMapping(new MeanPoolingMapping128().GetMapping(), MeanPoolingMapping128.ContractName),
        256 => catalog.CustomMapping(new MeanPoolingMapping256().GetMapping(), MeanPoolingMapping256.ContractName),
        _ => throw new ArgumentOutOfRangeException(nameof(length), length, "Unsupported sequence length."),
    };
}
