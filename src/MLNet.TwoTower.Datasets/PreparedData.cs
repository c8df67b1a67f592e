using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Datasets;

/// <summary>
/// A dataset ready for the trainers: ids mapped to keys once over all interactions (so cold-start users keep their
/// keys when a split hides their rows), each user and item featurised once, and the vectors shared by reference
/// across that entity's interaction rows (memory grows with entities, not with interactions × width).
/// </summary>
public sealed class PreparedData
{
    // The names are the library-wide defaults (MLNet.TwoTower.Schema.DefaultColumnNames), which every trainer,
    // evaluator and retrieval option reads unless told otherwise, so prepared data needs no column-name settings.
    // They are written out here because this data-preparation code does not reference the model library; a test
    // (DefaultColumnNamesTests) keeps the two equal.

    /// <summary>Key-typed user column ("UserId"): key k is <see cref="UserIds"/>[k − 1], the text id from the files.</summary>
    public const string UserId = "UserId";

    /// <summary>Key-typed item column ("ItemId"): key k is <see cref="ItemIds"/>[k − 1].</summary>
    public const string ItemId = "ItemId";

    /// <summary>The rating column ("Label", Single).</summary>
    public const string Label = "Label";

    /// <summary>The user's feature vector ("UserFeatures"), present when the dataset has users.csv.</summary>
    public const string UserFeatures = "UserFeatures";

    /// <summary>The item's feature vector ("ItemFeatures"), present when the dataset has items.csv.</summary>
    public const string ItemFeatures = "ItemFeatures";

    private readonly MLContext _ml;
    private readonly List<Row> _rows;
    private readonly float[][] _userFeatures;
    private readonly float[][] _itemFeatures;

    private PreparedData(MLContext ml, RecommendationDataset dataset, DatasetFeatures features, List<Row> rows, List<Row>? testRows,
        string[] userIds, string[] itemIds, float[][] userFeatures, float[][] itemFeatures)
    {
        _ml = ml;
        Dataset = dataset;
        Features = features;
        _rows = rows;
        UserIds = userIds;
        ItemIds = itemIds;
        _userFeatures = userFeatures;
        _itemFeatures = itemFeatures;
        Interactions = ToDataView(rows);
        TestInteractions = testRows is null ? null : ToDataView(testRows);
    }

    /// <summary>The dataset this was prepared from.</summary>
    public RecommendationDataset Dataset { get; }

    /// <summary>The fitted user and item feature pipelines.</summary>
    public DatasetFeatures Features { get; }

    /// <summary>
    /// Interactions with <see cref="UserId"/>, <see cref="ItemId"/>, <see cref="Label"/> and, where the dataset
    /// has them, <see cref="UserFeatures"/> and <see cref="ItemFeatures"/>.
    /// </summary>
    public IDataView Interactions { get; }

    /// <summary>
    /// The dataset's fixed warm test set (<c>interactions.test.csv</c>) with the columns of <see cref="Interactions"/>,
    /// or null when the dataset has none (then the protocols split <see cref="Interactions"/> at random).
    /// </summary>
    public IDataView? TestInteractions { get; }

    /// <summary>User ids by key − 1.</summary>
    public IReadOnlyList<string> UserIds { get; }

    /// <summary>Item ids by key − 1.</summary>
    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>Whether users have content features.</summary>
    public bool HasUserFeatures => Features.Users is not null;

    /// <summary>Whether items have content features.</summary>
    public bool HasItemFeatures => Features.Items is not null;

    /// <summary>Maps ids to keys and featurises every user and item once.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="options">Featuriser options (text: sentence embeddings or n-grams); null for the defaults.</param>
    public static PreparedData Prepare(MLContext ml, RecommendationDataset dataset, EntityFeaturizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Interactions.Count == 0)
            throw new ArgumentException("The dataset has no interactions.", nameof(dataset));
        var features = DatasetFeaturizer.Fit(ml, dataset, options);

        var userKeys = new Dictionary<string, uint>(StringComparer.Ordinal);
        var itemKeys = new Dictionary<string, uint>(StringComparer.Ordinal);
        List<Row> ToRows(IReadOnlyList<Interaction> interactions) => interactions.Select(interaction => new Row
        {
            UserId = KeyOf(userKeys, interaction.UserId),
            ItemId = KeyOf(itemKeys, interaction.ItemId),
            Label = interaction.Rating,
        }).ToList();
        // Keys cover the fixed test set too, so its users and items score through the same tables.
        var rows = ToRows(dataset.Interactions);
        var testRows = dataset.TestInteractions is { } test ? ToRows(test) : null;
        var userIds = Ordered(userKeys);
        var itemIds = Ordered(itemKeys);
        var userFeatures = Vectors(userIds, features.Users);
        var itemFeatures = Vectors(itemIds, features.Items);
        foreach (var row in rows.Concat(testRows ?? []))
        {
            row.UserFeatures = userFeatures[row.UserId];
            row.ItemFeatures = itemFeatures[row.ItemId];
        }
        return new PreparedData(ml, dataset, features, rows, testRows, userIds, itemIds, userFeatures, itemFeatures);
    }

    /// <summary>One row per user (every key), for computing all user embeddings; the item key is missing.</summary>
    public IDataView UserRows() => ToDataView(Enumerable.Range(0, UserIds.Count).Select(u => new Row
    {
        UserId = (uint)u, ItemId = uint.MaxValue, UserFeatures = _userFeatures[u], ItemFeatures = _itemFeatures[0],
    }).ToList());

    /// <summary>One row per item (every key), for computing all item embeddings; the user key is missing.</summary>
    public IDataView ItemRows() => ToDataView(Enumerable.Range(0, ItemIds.Count).Select(i => new Row
    {
        UserId = uint.MaxValue, ItemId = (uint)i, UserFeatures = _userFeatures[0], ItemFeatures = _itemFeatures[i],
    }).ToList());

    /// <summary>
    /// The feature vector of a user who is not in the dataset, from profile fields named as in <c>users.csv</c>
    /// (numbers as text; a field left out counts as missing), through the user pipeline fitted on the dataset.
    /// </summary>
    /// <exception cref="InvalidOperationException">The dataset's users have no features.</exception>
    /// <exception cref="ArgumentException">A field is unknown or a number does not parse.</exception>
    public float[] FeaturizeNewUser(IReadOnlyDictionary<string, string> profile) =>
        ProfileRow.Featurize(
            Features.UserTransformer ?? throw new InvalidOperationException("This dataset's users have no features, so a new user cannot be described."),
            Features.UserInputSchema!, profile);

    /// <summary>
    /// One row for a user the model has never seen: the given content features and a missing user key (the model's
    /// unseen-user path), for cold-start recommendations.
    /// </summary>
    public IDataView NewUserRow(float[] userFeatures)
    {
        ArgumentNullException.ThrowIfNull(userFeatures);
        if (Features.Users is { } users && userFeatures.Length != users.Dimension)
            throw new ArgumentException($"A new user's feature vector must have {users.Dimension} values; got {userFeatures.Length}.", nameof(userFeatures));
        return ToDataView([new Row { UserId = uint.MaxValue, ItemId = uint.MaxValue, UserFeatures = userFeatures, ItemFeatures = _itemFeatures[0] }]);
    }

    private IDataView ToDataView(List<Row> rows)
    {
        // LoadFromEnumerable reads a key member as 0-based (v → key v + 1); values past the count become missing (0).
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[UserId].ColumnType = new KeyDataViewType(typeof(uint), UserIds.Count);
        definition[ItemId].ColumnType = new KeyDataViewType(typeof(uint), ItemIds.Count);
        SetOrRemove(definition, UserFeatures, Features.Users?.Dimension);
        SetOrRemove(definition, ItemFeatures, Features.Items?.Dimension);
        return _ml.Data.LoadFromEnumerable(rows, definition);
    }

    private static void SetOrRemove(SchemaDefinition definition, string column, int? width)
    {
        if (width is int w)
            definition[column].ColumnType = new VectorDataViewType(NumberDataViewType.Single, w);
        else
            definition.RemoveAll(c => c.ColumnName == column);
    }

    private static uint KeyOf(Dictionary<string, uint> keys, string id)
    {
        if (!keys.TryGetValue(id, out var key))
            keys[id] = key = (uint)keys.Count;
        return key;
    }

    private static string[] Ordered(Dictionary<string, uint> keys)
    {
        var ids = new string[keys.Count];
        foreach (var (id, key) in keys)
            ids[key] = id;
        return ids;
    }

    private static float[][] Vectors(string[] ids, EntityFeatureTable? table)
    {
        if (table is null)
            return ids.Select(_ => Array.Empty<float>()).ToArray();
        var missing = new float[table.Dimension];
        return ids.Select(id => table.TryGetVector(id, out var v) ? v : missing).ToArray();
    }

    /// <summary>One interaction row; member names are the column names (<see cref="UserId"/>, …).</summary>
    private sealed class Row
    {
        public uint UserId { get; set; }
        public uint ItemId { get; set; }
        public float Label { get; set; }
        public float[] UserFeatures { get; set; } = [];
        public float[] ItemFeatures { get; set; } = [];
    }
}
