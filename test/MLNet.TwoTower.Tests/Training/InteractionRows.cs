using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Tests.Training;

/// <summary>
/// One interaction row as the trainer reads it. <c>LoadFromEnumerable</c> treats a key member as 0-based: member value
/// v becomes key v + 1, and values at or above the key count become the missing key 0.
/// </summary>
public sealed class InteractionRow
{
    public uint UserId { get; set; }
    public uint ItemId { get; set; }
    public float[] UserFeatures { get; set; } = [];
    public float[] ItemFeatures { get; set; } = [];
    public float Label { get; set; }
}

/// <summary>Builds small interaction data views with key-typed ids and known-size feature vectors.</summary>
internal static class InteractionRows
{
    /// <summary>A model over <see cref="InteractionRow"/>'s columns with the given towers (τ 0.1).</summary>
    public static MLNet.TwoTower.Modeling.TwoTowerModelParameters Parameters(MLNet.TwoTower.Modeling.TowerWeights user,
        MLNet.TwoTower.Modeling.TowerWeights item, int userCount, int itemCount) => new()
    {
        UserTower = user,
        ItemTower = item,
        Temperature = 0.1f,
        UserIdColumnName = nameof(InteractionRow.UserId),
        ItemIdColumnName = nameof(InteractionRow.ItemId),
        UserFeaturesColumnName = nameof(InteractionRow.UserFeatures),
        ItemFeaturesColumnName = nameof(InteractionRow.ItemFeatures),
        UserKeyCount = userCount,
        ItemKeyCount = itemCount,
    };

    public static IDataView ToDataView(MLContext ml, IReadOnlyList<InteractionRow> rows, int userCount, int itemCount,
        int userWidth, int itemWidth)
    {
        var definition = SchemaDefinition.Create(typeof(InteractionRow));
        definition[nameof(InteractionRow.UserId)].ColumnType = new KeyDataViewType(typeof(uint), userCount);
        definition[nameof(InteractionRow.ItemId)].ColumnType = new KeyDataViewType(typeof(uint), itemCount);
        definition[nameof(InteractionRow.UserFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, userWidth);
        definition[nameof(InteractionRow.ItemFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, itemWidth);
        return ml.Data.LoadFromEnumerable(rows, definition);
    }

    /// <summary>
    /// Users and items fall into <paramref name="clusters"/> groups; features are a noisy one-hot of the group (padded
    /// with noise to <paramref name="width"/>), and a user rates items of its own group 5 and others 1. A model that
    /// learns the groups scores its positives above in-batch negatives of other groups, so the loss can fall. With
    /// <paramref name="noise"/> off the features are the plain one-hot (sparse, as text and category features are).
    /// </summary>
    public static List<InteractionRow> Clustered(int users, int items, int clusters, int width, int rowsPerUser, int seed,
        bool noise = true)
    {
        var random = new Random(seed);
        float[] Features(int cluster)
        {
            var f = new float[width];
            for (var i = 0; noise && i < width; i++)
                f[i] = (float)(random.NextDouble() * 0.2 - 0.1);
            f[cluster] += 1f;
            return f;
        }
        var userFeatures = Enumerable.Range(0, users).Select(u => Features(u % clusters)).ToArray();
        var itemFeatures = Enumerable.Range(0, items).Select(i => Features(i % clusters)).ToArray();
        var rows = new List<InteractionRow>();
        for (var u = 0; u < users; u++)
        {
            for (var r = 0; r < rowsPerUser; r++)
            {
                var i = random.Next(items);
                rows.Add(new InteractionRow
                {
                    UserId = (uint)u,
                    ItemId = (uint)i,
                    UserFeatures = userFeatures[u],
                    ItemFeatures = itemFeatures[i],
                    Label = u % clusters == i % clusters ? 5f : 1f,
                });
            }
        }
        // Shuffle so batches mix users.
        return rows.OrderBy(_ => random.Next()).ToList();
    }
}
