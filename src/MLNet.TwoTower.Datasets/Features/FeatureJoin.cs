using Microsoft.ML;

namespace MLNet.TwoTower.Datasets.Features;

/// <summary>
/// Attaches user and item feature vectors to interaction rows by id. The vectors are computed once per entity
/// (<see cref="EntityFeatureTable"/>) and shared by reference across rows; the joined view is read lazily.
/// </summary>
public static class FeatureJoin
{
    /// <summary>Default name of the attached user feature column.</summary>
    public const string UserFeatures = "UserFeatures";

    /// <summary>Default name of the attached item feature column.</summary>
    public const string ItemFeatures = "ItemFeatures";

    /// <summary>
    /// Returns <paramref name="interactions"/> with <paramref name="userFeaturesColumnName"/> and/or
    /// <paramref name="itemFeaturesColumnName"/> (known-size Single vectors) added. Reading a row whose id has no
    /// vector throws <see cref="InvalidOperationException"/> naming the id.
    /// </summary>
    /// <param name="interactions">Rows with Text id columns (join before MapValueToKey).</param>
    /// <param name="users">User vectors, or null to attach none.</param>
    /// <param name="items">Item vectors, or null to attach none.</param>
    /// <param name="userIdColumnName">User id column of <paramref name="interactions"/>. Default "UserIdText".</param>
    /// <param name="itemIdColumnName">Item id column of <paramref name="interactions"/>. Default "ItemIdText".</param>
    /// <param name="userFeaturesColumnName">Name of the added user vector column. Default "UserFeatures".</param>
    /// <param name="itemFeaturesColumnName">Name of the added item vector column. Default "ItemFeatures".</param>
    /// <returns>The joined view.</returns>
    /// <exception cref="ArgumentException">Both tables are null, an id column is missing or not Text, or an added
    /// column name already exists.</exception>
    public static IDataView Join(
        IDataView interactions,
        EntityFeatureTable? users,
        EntityFeatureTable? items,
        string userIdColumnName = Model.DatasetColumns.UserIdText,
        string itemIdColumnName = Model.DatasetColumns.ItemIdText,
        string userFeaturesColumnName = UserFeatures,
        string itemFeaturesColumnName = ItemFeatures)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (users is null && items is null)
        {
            throw new ArgumentException("Pass a user table, an item table or both; there is nothing to join.");
        }

        var joins = new List<FeatureJoinDataView.Lookup>();
        if (users is not null)
        {
            joins.Add(new FeatureJoinDataView.Lookup(userIdColumnName, userFeaturesColumnName, users, "user"));
        }

        if (items is not null)
        {
            joins.Add(new FeatureJoinDataView.Lookup(itemIdColumnName, itemFeaturesColumnName, items, "item"));
        }

        return new FeatureJoinDataView(interactions, joins);
    }
}
