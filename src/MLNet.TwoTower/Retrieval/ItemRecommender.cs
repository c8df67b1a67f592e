using Microsoft.ML;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Top-K recommendations from an <see cref="IItemIndex"/>: for known users (embedded once, up front), for many
/// users in parallel, and for new users described only by their features. Items a user has already seen are
/// excluded, and an optional item filter applies on top; with an approximate index both are handled by
/// over-fetching, so k items still come back whenever k items qualify. Safe for concurrent use.
/// Create it with <c>ml.Ranking.CreateRecommender</c>.
/// </summary>
public sealed class ItemRecommender
{
    private static readonly IReadOnlySet<uint> NothingSeen = new HashSet<uint>();

    private readonly ITransformer _model;
    private readonly IItemIndex _index;
    private readonly ItemRecommenderOptions _options;
    private readonly Dictionary<uint, float[]> _users;
    private readonly Dictionary<uint, HashSet<uint>> _seen;

    /// <summary>Only for loading new users into a one-row data view; it trains nothing, so its seed is irrelevant.</summary>
    private readonly MLContext _loader = new(seed: 0);

    internal ItemRecommender(ITransformer model, IItemIndex index, IDataView users, IDataView? seenInteractions, ItemRecommenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _model = model;
        _index = index;
        _options = options;
        var embeddedUsers = ItemIndexFactory.RunModelIfNeeded(model, users, options.UserEmbeddingColumnName);
        _users = UserEmbeddingReader.ReadByKey(embeddedUsers, options.UserIdColumnName, options.UserEmbeddingColumnName);
        // Every user row was checked against the first one's width while reading; one comparison covers them all.
        var (firstKey, firstEmbedding) = _users.FirstOrDefault();
        if (firstEmbedding is not null && firstEmbedding.Length != index.Dimension)
            throw new ArgumentException(
                $"User {firstKey}'s embedding in '{options.UserEmbeddingColumnName}' has width {firstEmbedding.Length}, but the index holds " +
                $"{index.Dimension}-wide item embeddings. Use the index built from this model.", nameof(users));
        _seen = seenInteractions is null
            ? []
            : UserEmbeddingReader.ReadSeen(WithKeys(model, seenInteractions, options), options.UserIdColumnName, options.ItemIdColumnName);
    }

    /// <summary>Number of known users (distinct user keys in the users data view).</summary>
    public int UserCount => _users.Count;

    /// <summary>Whether <paramref name="userKey"/> is a known user.</summary>
    /// <param name="userKey">The user's ML.NET key.</param>
    public bool IsKnownUser(uint userKey) => _users.ContainsKey(userKey);

    /// <summary>The item keys excluded for <paramref name="userKey"/> (empty when none were given).</summary>
    /// <param name="userKey">The user's ML.NET key.</param>
    public IReadOnlySet<uint> SeenItems(uint userKey) => _seen.TryGetValue(userKey, out var items) ? items : NothingSeen;

    /// <summary>The best <paramref name="k"/> unseen items for a known user, best first.</summary>
    /// <param name="userKey">The user's ML.NET key, as in the users data view.</param>
    /// <param name="k">How many items; more than the catalogue returns every eligible item.</param>
    /// <param name="itemFilter">Optional predicate on the item key; only items it accepts are returned.</param>
    /// <exception cref="ArgumentException">The user is not in the users data view.</exception>
    public ScoredItem[] Recommend(uint userKey, int k, Func<uint, bool>? itemFilter = null) =>
        Recommend(UserEmbedding(userKey), k, SeenItems(userKey), itemFilter);

    /// <summary>The best <paramref name="k"/> items for a supplied user embedding, best first.</summary>
    /// <param name="userEmbedding">A user embedding from the same model (e.g. computed elsewhere, or cached).</param>
    /// <param name="k">How many items.</param>
    /// <param name="excludedItems">Item keys never to return (e.g. already seen).</param>
    /// <param name="itemFilter">Optional predicate on the item key; only items it accepts are returned.</param>
    public ScoredItem[] Recommend(ReadOnlySpan<float> userEmbedding, int k, IReadOnlySet<uint>? excludedItems = null,
        Func<uint, bool>? itemFilter = null) =>
        _index.Search(userEmbedding, k, Accept(excludedItems, itemFilter));

    /// <summary>Recommendations for many known users at once, computed in parallel.</summary>
    /// <param name="userKeys">Known user keys; repeated keys are answered once.</param>
    /// <param name="k">How many items per user.</param>
    /// <param name="itemFilter">Optional predicate on the item key, applied for every user.</param>
    /// <returns>Each user's items, best first, by user key.</returns>
    public IReadOnlyDictionary<uint, ScoredItem[]> Recommend(IEnumerable<uint> userKeys, int k, Func<uint, bool>? itemFilter = null)
    {
        ArgumentNullException.ThrowIfNull(userKeys);
        var keys = userKeys.Distinct().ToArray();
        var queries = Array.ConvertAll(keys, UserEmbedding);
        var seen = Array.ConvertAll(keys, SeenItems);
        var results = _index.Search(queries, k, (q, item) => !seen[q].Contains(item) && (itemFilter is null || itemFilter(item)));
        var byUser = new Dictionary<uint, ScoredItem[]>(keys.Length);
        for (int i = 0; i < keys.Length; i++)
            byUser[keys[i]] = results[i];
        return byUser;
    }

    /// <summary>
    /// Recommendations for users the model has never seen, from their content features: runs the model (its user
    /// tower) on <paramref name="newUsers"/> and searches with each row's user embedding.
    /// </summary>
    /// <param name="newUsers">One row per new user, with the user feature columns the model reads.</param>
    /// <param name="k">How many items per user.</param>
    /// <param name="itemFilter">Optional predicate on the item key.</param>
    /// <returns>Result <c>i</c> belongs to row <c>i</c>.</returns>
    public ScoredItem[][] RecommendForNewUsers(IDataView newUsers, int k, Func<uint, bool>? itemFilter = null)
    {
        ArgumentNullException.ThrowIfNull(newUsers);
        var embedded = ItemIndexFactory.RunModelIfNeeded(_model, newUsers, _options.UserEmbeddingColumnName);
        var queries = UserEmbeddingReader.ReadInOrder(embedded, _options.UserEmbeddingColumnName);
        return _index.Search(queries, k, itemFilter is null ? null : (_, item) => itemFilter(item));
    }

    /// <summary>
    /// Recommendations for one new user from their content features: <paramref name="user"/> becomes a one-row data
    /// view, the model embeds it, and the index is searched.
    /// </summary>
    /// <typeparam name="TUser">
    /// A class whose properties are the user feature columns the model reads; mark fixed-width vectors with
    /// <c>[VectorType(n)]</c>, as the model's transforms usually require a known size.
    /// </typeparam>
    /// <param name="user">The new user's features.</param>
    /// <param name="k">How many items.</param>
    /// <param name="itemFilter">Optional predicate on the item key.</param>
    public ScoredItem[] RecommendForNewUser<TUser>(TUser user, int k, Func<uint, bool>? itemFilter = null)
        where TUser : class
    {
        ArgumentNullException.ThrowIfNull(user);
        return RecommendForNewUsers(_loader.Data.LoadFromEnumerable([user]), k, itemFilter)[0];
    }

    private float[] UserEmbedding(uint userKey) =>
        _users.TryGetValue(userKey, out var embedding)
            ? embedding
            : throw new ArgumentException(
                $"User key {userKey} is not among the {_users.Count} known users. Pass a user from the users data view, " +
                "or use RecommendForNewUser with the user's features.", nameof(userKey));

    private static Func<uint, bool>? Accept(IReadOnlySet<uint>? excluded, Func<uint, bool>? filter) =>
        (excluded is null || excluded.Count == 0, filter is null) switch
        {
            (true, true) => null,
            (true, false) => filter,
            (false, true) => item => !excluded!.Contains(item),
            (false, false) => item => !excluded!.Contains(item) && filter!(item),
        };

    /// <summary>Interactions carry raw ids until the model's key mapping runs; run it only when the keys are absent.</summary>
    private static IDataView WithKeys(ITransformer model, IDataView interactions, ItemRecommenderOptions options) =>
        interactions.Schema.GetColumnOrNull(options.UserIdColumnName) is null
            || interactions.Schema.GetColumnOrNull(options.ItemIdColumnName) is null
            ? model.Transform(interactions)
            : interactions;
}
