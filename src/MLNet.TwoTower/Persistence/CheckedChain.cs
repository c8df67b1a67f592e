using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// The one way every transformer of ours works: check the input columns in our own words (which column, what was
/// expected, what was found), then hand the work to a chain of ML.NET built-ins — the form that <c>ml.Model.Save</c>
/// writes and <c>ml.Model.Load</c> restores in any process. The chain may be built on first use, so that fitting
/// costs only the training.
/// </summary>
internal sealed class CheckedChain
{
    private readonly Lazy<TransformerChain<ITransformer>> _chain;
    private readonly Action<DataViewSchema> _check;

    public CheckedChain(Func<TransformerChain<ITransformer>> buildChain, Action<DataViewSchema> checkInput)
    {
        _chain = new Lazy<TransformerChain<ITransformer>>(buildChain, LazyThreadSafetyMode.ExecutionAndPublication);
        _check = checkInput;
    }

    public CheckedChain(TransformerChain<ITransformer> chain, Action<DataViewSchema> checkInput)
        : this(() => chain, checkInput)
    {
    }

    public TransformerChain<ITransformer> Chain => _chain.Value;

    public void CheckInput(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _check(schema);
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
