using MLNet.TwoTower.Schema;
using Microsoft.ML;
using MLNet.TwoTower.Baselines;

namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// What full-catalog evaluation asks of a model: for each test user (index = key − 1), the items to exclude (the user's
/// training items) and the relevant test items to find, in a catalog of <see cref="ItemCount"/> items, optionally
/// restricted to a set of candidate items (cold-start items: rank only the items no model has seen).
/// </summary>
public sealed class FullCatalogTask
{
    private readonly bool[]? _isCandidate;

    /// <summary>Builds a task from explicit sets; users with no relevant item are left out and counted.</summary>
    /// <param name="userCount">Number of users (key count).</param>
    /// <param name="itemCount">Number of items (key count).</param>
    /// <param name="excluded">Per user, items never to recommend.</param>
    /// <param name="relevant">Per user, the relevant items to find.</param>
    /// <param name="candidateItems">The only items that may be ranked; null ranks the whole catalog.</param>
    public FullCatalogTask(int userCount, int itemCount, IReadOnlyDictionary<int, IReadOnlySet<int>> excluded, IReadOnlyDictionary<int, IReadOnlySet<int>> relevant,
        IReadOnlySet<int>? candidateItems = null)
    {
        if (userCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(userCount), userCount, "userCount must be positive.");
        if (itemCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(itemCount), itemCount, "itemCount must be positive.");
        UserCount = userCount;
        ItemCount = itemCount;
        Excluded = excluded;
        var users = new List<int>();
        foreach (var (user, items) in relevant.OrderBy(p => p.Key))
        {
            if (user < 0 || user >= userCount)
                throw new ArgumentOutOfRangeException(nameof(relevant), user, $"User index {user} is outside [0, {userCount}).");
            if (items.Any(i => i < 0 || i >= itemCount))
                throw new ArgumentOutOfRangeException(nameof(relevant), $"User {user} has a relevant item outside [0, {itemCount}).");
            if (items.Count == 0)
                UsersWithoutRelevantItems++;
            else
                users.Add(user);
        }
        if (candidateItems is not null)
        {
            if (candidateItems.Count == 0)
                throw new ArgumentException("candidateItems is empty: there is nothing to rank.", nameof(candidateItems));
            _isCandidate = new bool[itemCount];
            foreach (var item in candidateItems)
            {
                if (item < 0 || item >= itemCount)
                    throw new ArgumentOutOfRangeException(nameof(candidateItems), item, $"Candidate item {item} is outside [0, {itemCount}).");
                _isCandidate[item] = true;
            }
            foreach (var user in users)
            {
                if (relevant[user].FirstOrDefault(i => !_isCandidate[i], -1) is var outside and >= 0)
                    throw new ArgumentException($"User {user}'s relevant item {outside} is not a candidate, so it could never be found.", nameof(relevant));
            }
        }
        Relevant = relevant;
        Users = users;
        CandidateItems = candidateItems;
    }

    /// <summary>Number of users (key count of the user column).</summary>
    public int UserCount { get; }

    /// <summary>Number of items in the catalog (key count of the item column).</summary>
    public int ItemCount { get; }

    /// <summary>The users evaluated: those with at least one relevant test item, ascending.</summary>
    public IReadOnlyList<int> Users { get; }

    /// <summary>Test users left out because none of their test items is relevant.</summary>
    public int UsersWithoutRelevantItems { get; }

    /// <summary>Items never recommended to a user (their training items).</summary>
    public IReadOnlyDictionary<int, IReadOnlySet<int>> Excluded { get; }

    /// <summary>Relevant test items per user.</summary>
    public IReadOnlyDictionary<int, IReadOnlySet<int>> Relevant { get; }

    /// <summary>The only items ranked; null when the whole catalog is.</summary>
    public IReadOnlySet<int>? CandidateItems { get; }

    /// <summary>Whether <paramref name="item"/> may be ranked.</summary>
    public bool IsCandidate(int item) => _isCandidate is null || _isCandidate[item];

    /// <summary>
    /// The task for a train/test split: exclude each user's training items; relevant = the user's test items with
    /// label ≥ <paramref name="relevanceThreshold"/> (every test item when no label column is given). Both key columns
    /// must be UInt32 keys with the same key counts in train and test.
    /// </summary>
    public static FullCatalogTask FromSplit(IDataView train, IDataView test, string userIdColumnName, string itemIdColumnName,
        string? labelColumnName = null, float relevanceThreshold = 4f)
    {
        var (trainRows, testRows) = ReadSplit(train, test, userIdColumnName, itemIdColumnName, labelColumnName);
        var excluded = Group(trainRows.Users, trainRows.Items, _ => true, trainRows.Count);
        var relevant = RelevantByUser(testRows, labelColumnName, relevanceThreshold, _ => true);
        return new FullCatalogTask(trainRows.UserCount, trainRows.ItemCount,
            excluded.ToDictionary(p => p.Key, p => (IReadOnlySet<int>)p.Value),
            relevant.ToDictionary(p => p.Key, p => (IReadOnlySet<int>)p.Value));
    }

    /// <summary>
    /// The task of the cold-start item protocol (docs/protocols.md): the candidates are the items that occur in
    /// <paramref name="test"/> but never in <paramref name="train"/> (the held-out items of
    /// <see cref="InteractionSplitter.ColdItems"/>), and each user's relevant items are their test rows on those items
    /// with label ≥ <paramref name="relevanceThreshold"/>. Nothing else is excluded: the user has no training rows on
    /// a cold item.
    /// </summary>
    /// <exception cref="ArgumentException">Keys differ between train and test, or the test set has no item unseen in training.</exception>
    public static FullCatalogTask ForColdItems(IDataView train, IDataView test, string userIdColumnName, string itemIdColumnName,
        string? labelColumnName = null, float relevanceThreshold = 4f)
    {
        var (trainRows, testRows) = ReadSplit(train, test, userIdColumnName, itemIdColumnName, labelColumnName);
        var seen = new bool[trainRows.ItemCount];
        for (int e = 0; e < trainRows.Count; e++)
            seen[trainRows.Items[e]] = true;
        var relevant = RelevantByUser(testRows, labelColumnName, relevanceThreshold, item => !seen[item]);
        var candidates = new HashSet<int>();
        for (int e = 0; e < testRows.Count; e++)
            if (!seen[testRows.Items[e]])
                candidates.Add(testRows.Items[e]);
        if (candidates.Count == 0)
            throw new ArgumentException(
                $"Every item of the test set also occurs in training, so there is no cold-start item to rank. Split with {nameof(InteractionSplitter)}.{nameof(InteractionSplitter.ColdItems)}.",
                nameof(test));
        return new FullCatalogTask(trainRows.UserCount, trainRows.ItemCount, new Dictionary<int, IReadOnlySet<int>>(),
            relevant.ToDictionary(p => p.Key, p => (IReadOnlySet<int>)p.Value), candidates);
    }

    /// <summary>Both sides' (user, item, label) rows; the key counts must agree.</summary>
    private static (RatingTriples Train, RatingTriples Test) ReadSplit(IDataView train, IDataView test, string userIdColumnName,
        string itemIdColumnName, string? labelColumnName)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var trainRows = ColumnReader.ReadTriples(train, userIdColumnName, itemIdColumnName, null);
        var testRows = ColumnReader.ReadTriples(test, userIdColumnName, itemIdColumnName, labelColumnName);
        CheckSameKeys(trainRows, testRows);
        return (trainRows, testRows);
    }

    /// <summary>
    /// Per test user (on an item <paramref name="include"/> accepts), the items with label ≥ the threshold (every
    /// item without a label column); a user whose such items are all below it gets an empty set, to be counted.
    /// </summary>
    private static Dictionary<int, HashSet<int>> RelevantByUser(RatingTriples testRows, string? labelColumnName,
        float relevanceThreshold, Func<int, bool> include)
    {
        var relevant = new Dictionary<int, HashSet<int>>();
        for (int e = 0; e < testRows.Count; e++)
        {
            if (!include(testRows.Items[e]))
                continue;
            if (!relevant.TryGetValue(testRows.Users[e], out var set))
                relevant[testRows.Users[e]] = set = [];
            if (labelColumnName is null || testRows.Labels[e] >= relevanceThreshold)
                set.Add(testRows.Items[e]);
        }
        return relevant;
    }

    private static void CheckSameKeys(RatingTriples trainRows, RatingTriples testRows)
    {
        if (trainRows.UserCount != testRows.UserCount || trainRows.ItemCount != testRows.ItemCount)
            throw new ArgumentException(
                $"Train and test keys differ: users {trainRows.UserCount} vs {testRows.UserCount}, items {trainRows.ItemCount} vs {testRows.ItemCount}. " +
                "Map ids to keys once, on all the data, before splitting.", "test");
    }

    private static Dictionary<int, HashSet<int>> Group(int[] users, int[] items, Func<int, bool> keep, int count)
    {
        var groups = new Dictionary<int, HashSet<int>>();
        for (int e = 0; e < count; e++)
        {
            if (!keep(e))
                continue;
            if (!groups.TryGetValue(users[e], out var set))
                groups[users[e]] = set = [];
            set.Add(items[e]);
        }
        return groups;
    }
}
