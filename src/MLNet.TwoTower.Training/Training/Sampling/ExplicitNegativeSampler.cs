namespace MLNet.TwoTower.Training.Sampling;

/// <summary>
/// Draws, for a batch of positive pairs, one item each pair's user rated below the positive threshold: explicit
/// negative feedback used as a hard negative. In-batch and uniform negatives are items the user merely did not pick;
/// these are items the user picked and disliked, which is what separates liked from disliked among the items a user
/// rated (the warm ranking protocol) and, for the unknown-id row, teaches which items tend to be liked at all.
/// Seeded, so the same seed draws the same items.
/// </summary>
internal sealed class ExplicitNegativeSampler
{
    private readonly int[][] negativesByUser;
    private readonly float[][] ratingsByUser;
    private readonly Random random;

    /// <param name="userKeys">User key of every negative pair.</param>
    /// <param name="itemKeys">Item key of every negative pair.</param>
    /// <param name="userKeyCount">The user key type's cardinality (keys are 1-based).</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="ratings">The rating of every negative pair, handed out with the draws (empty: all 0).</param>
    public ExplicitNegativeSampler(ReadOnlySpan<int> userKeys, ReadOnlySpan<int> itemKeys, int userKeyCount, int seed,
        ReadOnlySpan<float> ratings = default)
    {
        if (userKeys.Length != itemKeys.Length)
            throw new ArgumentException("Every negative pair needs both a user key and an item key.", nameof(itemKeys));
        var lists = new List<(int Item, float Rating)>?[userKeyCount + 1];
        for (var i = 0; i < userKeys.Length; i++)
            (lists[userKeys[i]] ??= []).Add((itemKeys[i], ratings.IsEmpty ? 0f : ratings[i]));
        negativesByUser = lists.Select(list => list?.Select(x => x.Item).ToArray() ?? []).ToArray();
        ratingsByUser = lists.Select(list => list?.Select(x => x.Rating).ToArray() ?? []).ToArray();
        random = new Random(seed);
        PairCount = userKeys.Length;
    }

    /// <summary>
    /// The items that can ever be drawn: the negatives of users who appear in training batches (only positive pairs
    /// form batches, so a user without positives never draws).
    /// </summary>
    public static IEnumerable<int> DrawableItems(int[] userKeys, int[] itemKeys, IReadOnlySet<int> batchUsers)
    {
        for (var i = 0; i < userKeys.Length; i++)
            if (batchUsers.Contains(userKeys[i]))
                yield return itemKeys[i];
    }

    /// <summary>Number of negative pairs the sampler draws from.</summary>
    public int PairCount { get; }

    /// <summary>
    /// For each batch row whose user has explicit negatives, one of them drawn uniformly: <c>Rows[h]</c> is the batch
    /// row that negative <c>Items[h]</c> belongs to, <c>Ratings[h]</c> its rating. Users without negatives get none.
    /// </summary>
    public (int[] Rows, int[] Items, float[] Ratings) Next(ReadOnlySpan<int> batchUserKeys)
    {
        var rows = new List<int>(batchUserKeys.Length);
        var items = new List<int>(batchUserKeys.Length);
        var ratings = new List<float>(batchUserKeys.Length);
        for (var row = 0; row < batchUserKeys.Length; row++)
        {
            var negatives = negativesByUser[batchUserKeys[row]];
            if (negatives.Length == 0)
                continue;
            var drawn = random.Next(negatives.Length);
            rows.Add(row);
            items.Add(negatives[drawn]);
            ratings.Add(ratingsByUser[batchUserKeys[row]][drawn]);
        }
        return (rows.ToArray(), items.ToArray(), ratings.ToArray());
    }
}
