using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// Scores rows by their item's popularity: adds <c>Score</c>. Saved as an ONNX Gather over the score table, so it
/// loads with <c>ml.Model.Load</c> like the other baselines.
/// </summary>
public sealed class PopularityTransformer : ITransformer, IRecommenderModel
{
    private readonly CheckedChain _scorer;
    private readonly float[] _table;

    internal PopularityTransformer(float[] table, CheckedChain scorer, string itemIdColumnName)
    {
        _table = table;
        _scorer = scorer;
        ItemIdColumnName = itemIdColumnName;
    }

    /// <summary>The item key column read.</summary>
    public string ItemIdColumnName { get; }

    /// <summary>Number of items (key count).</summary>
    public int NumberOfItems => _table.Length - 1;

    /// <summary>The score of an item key; missing or out-of-range keys score like an unseen item.</summary>
    public float GetScore(uint itemKey) => _table[itemKey == 0 || itemKey >= _table.Length ? 0 : itemKey];

    /// <summary>Every user gets the same scores: each item's popularity.</summary>
    /// <exception cref="InvalidOperationException">The model was trained on another number of items.</exception>
    public UserScorer? CreateCatalogScorer(int userCount, int itemCount)
    {
        if (itemCount != NumberOfItems)
            throw new InvalidOperationException(
                $"This popularity model was trained on {NumberOfItems} item keys; the evaluated data has {itemCount}. Map keys once, on all the data, before splitting.");
        return (_, scores) =>
        {
            for (int i = 0; i < scores.Length; i++)
                scores[i] = GetScore((uint)i + 1);
        };
    }

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
