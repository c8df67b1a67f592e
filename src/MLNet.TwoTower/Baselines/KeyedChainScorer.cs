using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// The ITransformer work shared by the baseline transformers: check the key columns (present, key typed, same key
/// count as in training — a key fitted on other data would silently score the wrong rows), then delegate to the
/// saved-form chain. The chain (ONNX graph and its runtime session) is built on first use, so <c>Fit</c> costs only
/// the training itself.
/// </summary>
internal sealed class KeyedChainScorer
{
    private readonly IReadOnlyList<(string Column, int KeyCount, string Role)> _keys;
    private readonly Lazy<TransformerChain<ITransformer>> _chain;

    public KeyedChainScorer(Func<TransformerChain<ITransformer>> buildChain, IReadOnlyList<(string Column, int KeyCount, string Role)> keys)
    {
        _chain = new Lazy<TransformerChain<ITransformer>>(buildChain, LazyThreadSafetyMode.ExecutionAndPublication);
        _keys = keys;
    }

    public TransformerChain<ITransformer> Chain => _chain.Value;

    public void CheckInput(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        foreach (var (column, keyCount, role) in _keys)
        {
            int found = InteractionColumns.CheckKey(schema, column, role);
            if (found != keyCount)
                throw new ArgumentException(
                    $"Column '{column}' ({role}) has {found} keys but the model was trained on {keyCount}. Map the ids with the " +
                    "same fitted MapValueToKey transformer (or a key mapping fitted on the same data) as in training.", nameof(schema));
        }
    }

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return Chain.GetOutputSchema(inputSchema);
    }

    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema);
        return Chain.Transform(input);
    }

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return ((ITransformer)Chain).GetRowToRowMapper(inputSchema);
    }

    public void Save(ModelSaveContext context) => ((ICanSaveModel)Chain).Save(context);
}
