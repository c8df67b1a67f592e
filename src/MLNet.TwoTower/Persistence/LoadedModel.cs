using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Scoring;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// A model restored by <see cref="TwoTowerModel.Load"/>: the chain of built-ins <c>ml.Model.Load</c> returns, with the
/// faster <see cref="Transform"/> of <see cref="FastChain"/> (bit-identical values). The schema, the row-to-row
/// mapper (prediction engines) and saving are the chain's own, so saving it again writes the same model.
/// </summary>
internal sealed class LoadedModel : ITransformer, IDisposable
{
    private readonly FastChain _fast;

    public LoadedModel(TransformerChain<ITransformer> chain) => _fast = new FastChain(chain);

    /// <summary>The chain <c>ml.Model.Load</c> returned.</summary>
    public TransformerChain<ITransformer> Chain => _fast.Chain;

    public bool IsRowToRowMapper => ((ITransformer)Chain).IsRowToRowMapper;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Chain.GetOutputSchema(inputSchema);

    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _fast.Transform(input);
    }

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => ((ITransformer)Chain).GetRowToRowMapper(inputSchema);

    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)Chain).Save(ctx);

    public void Dispose() => _fast.Dispose();
}
