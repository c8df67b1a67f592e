using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// Scores rows by their item's popularity: adds <c>Score</c>. Saved as an ONNX Gather over the score table, so it
/// loads with <c>ml.Model.Load</c> like the other baselines.
/// </summary>
public sealed class PopularityTransformer : ITransformer
{
    private readonly CheckedChain _scorer;
    private readonly float[] _table;

    internal PopularityTransformer(float[] table, CheckedChain scorer, string itemColumnName)
    {
        _table = table;
        _scorer = scorer;
        ItemColumnName = itemColumnName;
    }

    /// <summary>The item key column read.</summary>
    public string ItemColumnName { get; }

    /// <summary>Number of items (key count).</summary>
    public int NumberOfItems => _table.Length - 1;

    /// <summary>The score of an item key; missing or out-of-range keys score like an unseen item.</summary>
    public float GetScore(uint itemKey) => _table[itemKey == 0 || itemKey >= _table.Length ? 0 : itemKey];

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _scorer.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _scorer.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => _scorer.Transform(input);

    /// <summary>Saves the built-in chain that carries the score table.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => _scorer.Save(ctx);
}
