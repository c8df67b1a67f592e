using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower;

/// <summary>TEMPORARY placeholder so the trainer compiles; the real transformer comes from the persistence branch.</summary>
public sealed class TwoTowerTransformer : ITransformer
{
    internal TwoTowerTransformer(MLContext ml, TwoTowerModelParameters parameters)
    {
        _ = ml;
        Parameters = parameters;
    }

    /// <summary>The trained weights.</summary>
    public TwoTowerModelParameters Parameters { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => false;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => throw Placeholder();

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw Placeholder();

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => throw Placeholder();

    /// <inheritdoc/>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw Placeholder();

    private static NotSupportedException Placeholder() => new("Placeholder transformer: merge the persistence branch.");
}
