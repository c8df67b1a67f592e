using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Retrieval;

namespace MLNet.TwoTower.Experiments;

/// <summary>
/// Top-K recommendations from a saved model folder over a dataset's catalogue: for a known user id (already-rated items
/// excluded) or for a brand-new user described only by profile fields. The item embeddings are indexed once
/// (exact or HNSW by catalogue size); only the saved model is used for scoring, never libtorch.
/// </summary>
public sealed class RecommendationService : IDisposable
{
    private readonly MLContext _ml;
    private readonly PreparedData _data;
    private readonly IItemIndex _index;
    private readonly ItemRecommender _recommender;
    private readonly string _folder;
    private readonly Dictionary<string, int> _userKeys;
    private readonly Lazy<(ITransformer Featurizer, DataViewSchema Schema)> _userFeaturizer;

    private RecommendationService(MLContext ml, PreparedData data, IItemIndex index, ItemRecommender recommender, string folder)
    {
        _ml = ml;
        _data = data;
        _index = index;
        _recommender = recommender;
        _folder = folder;
        _userKeys = data.UserIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i + 1, StringComparer.Ordinal);
        // Loaded once, on the first new user, not on every request.
        _userFeaturizer = new Lazy<(ITransformer, DataViewSchema)>(() =>
        {
            var path = Path.Combine(_folder, ModelFolder.UserFeatures);
            if (!File.Exists(path))
                throw new InvalidOperationException("This model's users have no profile features, so a new user cannot be described; use a known user id.");
            var featurizer = TwoTowerModel.Load(_ml, path, out var schema);
            return (featurizer, schema);
        });
    }

    /// <summary>Loads <paramref name="folder"/> (from <c>twotower train</c>) and indexes <paramref name="data"/>'s items.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="folder">The model folder.</param>
    /// <param name="data">The dataset the model was trained on.</param>
    /// <param name="indexProgress">Receives how many items the index holds while it is built (HNSW past 100k items
    /// takes minutes); null for none.</param>
    /// <exception cref="ArgumentException">The model was trained on other data (its id tables differ).</exception>
    public static RecommendationService Open(MLContext ml, string folder, PreparedData data,
        IProgress<ItemIndexBuildProgress>? indexProgress = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        var keys = ModelFolder.LoadKeys(folder);
        if (!keys.Users.SequenceEqual(data.UserIds) || !keys.Items.SequenceEqual(data.ItemIds))
            throw new ArgumentException(
                $"The model in '{Path.GetFullPath(folder)}' was trained on other data ({keys.Users.Length} users, {keys.Items.Length} items; " +
                $"this dataset has {data.UserIds.Count} and {data.ItemIds.Count}, or other ids). Pass the --data it was trained on.", nameof(folder));
        var model = TwoTowerModel.Load(ml, Path.Combine(folder, ModelFolder.Model), out _);
        var index = ml.Ranking.BuildItemIndex(model, data.ItemRows(), new ItemIndexOptions
        {
            Progress = indexProgress,
        });
        var recommender = ml.Ranking.CreateRecommender(model, index, data.UserRows(), data.Interactions);
        return new RecommendationService(ml, data, index, recommender, folder);
    }

    /// <summary>The <paramref name="k"/> best items for a known user, items they rated excluded.</summary>
    /// <exception cref="ArgumentException">The user id is not in the dataset.</exception>
    public IReadOnlyList<(string ItemId, float Score)> ForUser(string userId, int k)
    {
        if (!_userKeys.TryGetValue(userId, out var key))
            throw new ArgumentException($"User '{userId}' is not in the dataset; describe a new user with their profile fields instead.", nameof(userId));
        return Named(_recommender.Recommend((uint)key, k));
    }

    /// <summary>
    /// The <paramref name="k"/> best items for a user the model has never seen, from profile fields named as in
    /// <c>users.csv</c> (numbers as text; a field left out counts as missing).
    /// </summary>
    public IReadOnlyList<(string ItemId, float Score)> ForNewUser(IReadOnlyDictionary<string, string> profile, int k)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var (featurizer, schema) = _userFeaturizer.Value;
        var features = ProfileRow.Featurize(featurizer, schema, profile);
        return Named(_recommender.RecommendForNewUsers(_data.NewUserRow(features), k)[0]);
    }

    /// <inheritdoc />
    public void Dispose() => _index.Dispose();

    private IReadOnlyList<(string ItemId, float Score)> Named(ScoredItem[] items) =>
        items.Select(i => (_data.ItemIds[(int)i.ItemKey - 1], i.Score)).ToArray();
}
