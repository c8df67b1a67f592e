using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Text;

/// <summary>
/// The estimator returned by <see cref="SentenceEmbeddingCatalog.EmbedSentences"/>: checks that the input column is
/// text, then fits the chain of built-in transforms (tokenizer mapping, ONNX model, pooling mapping). The fitted
/// <see cref="TransformerChain{TLastTransformer}"/> saves and loads with ml.Model.Save/Load.
/// </summary>
public sealed class SentenceEmbeddingEstimator : IEstimator<TransformerChain<ITransformer>>
{
    private readonly EstimatorChain<ITransformer> _chain;
    private readonly string _inputColumnName;

    internal SentenceEmbeddingEstimator(EstimatorChain<ITransformer> chain, string inputColumnName)
    {
        _chain = chain;
        _inputColumnName = inputColumnName;
    }

    /// <summary>Checks the input column and fits the chain (no training: the model is pre-trained).</summary>
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

        return _chain.Fit(input);
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

        return _chain.GetOutputSchema(inputSchema);
    }

    private ArgumentException Missing(IEnumerable<string> available) => new(
        $"Text column '{_inputColumnName}' not found; the input has [{string.Join(", ", available)}]. Pass the name of the text column as inputColumnName.");

    private ArgumentException NotText(string found) => new(
        $"Column '{_inputColumnName}' must be Text (one string per row); got {found}. Convert or concatenate it into a text column first.");
}
