using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Text;

/// <summary>
/// The estimator returned by <see cref="SentenceEmbeddingCatalog.EmbedSentences"/>: checks that the input column is
/// text, embeds each distinct text of the input once in batches (<see cref="DistinctSentenceEmbedder"/>), then fits
/// the chain of built-in transforms whose embedding mapping looks those vectors up. The fitted
/// <see cref="TransformerChain{TLastTransformer}"/> saves and loads with ml.Model.Save/Load.
/// </summary>
public sealed class SentenceEmbeddingEstimator : IEstimator<TransformerChain<ITransformer>>
{
    private readonly TransformsCatalog _catalog;
    private readonly string _outputColumnName;
    private readonly string _inputColumnName;
    private readonly SentenceEmbeddingOptions _options;

    internal SentenceEmbeddingEstimator(TransformsCatalog catalog, string outputColumnName, string inputColumnName, SentenceEmbeddingOptions options)
    {
        _catalog = catalog;
        _outputColumnName = outputColumnName;
        _inputColumnName = inputColumnName;
        _options = options;
    }

    /// <summary>Checks the input column, embeds its distinct texts in batches and fits the chain (no training: the
    /// model is pre-trained).</summary>
    /// <param name="input">Data with the text column.</param>
    /// <returns>The fitted chain.</returns>
    /// <exception cref="ArgumentException">The input column is missing or not text.</exception>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var column = input.Schema.GetColumnOrNull(_inputColumnName)
            ?? throw Missing(input.Schema.Select(c => c.Name));
        if (column.Type is not TextDataViewType)
        {
            throw NotText(column.Type.ToString() ?? column.Type.RawType.Name);
        }

        var known = DistinctSentenceEmbedder.EmbedDistinct(DistinctSentenceEmbedder.ReadTexts(input, column), _options);
        return SentenceEmbeddingCatalog.Chain(_catalog, _outputColumnName, _inputColumnName, _options.MaximumTokens, known).Fit(input);
    }

    /// <summary>The output schema: the input plus the 384-d embedding column.</summary>
    /// <param name="inputSchema">The input schema shape.</param>
    /// <returns>The output schema shape.</returns>
    /// <exception cref="ArgumentException">The input column is missing or not text.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var column = inputSchema.FirstOrDefault(c => c.Name == _inputColumnName);
        if (column.Name is null)
        {
            throw Missing(inputSchema.Select(c => c.Name));
        }

        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType is not TextDataViewType)
        {
            throw NotText($"{column.Kind} of {column.ItemType}");
        }

        return SentenceEmbeddingCatalog.Chain(_catalog, _outputColumnName, _inputColumnName, _options.MaximumTokens,
            new Dictionary<string, float[]>()).GetOutputSchema(inputSchema);
    }

    private ArgumentException Missing(IEnumerable<string> available) => new(
        $"Text column '{_inputColumnName}' not found; the input has [{string.Join(", ", available)}]. Pass the name of the text column as inputColumnName.");

    private ArgumentException NotText(string found) => new(
        $"Column '{_inputColumnName}' must be Text (one string per row); got {found}. Convert or concatenate it into a text column first.");
}
