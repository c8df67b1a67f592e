using System.Numerics.Tensors;
using MLNet.TwoTower.Retrieval;

namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// Exact top-K over the whole catalog for every user of a <see cref="FullCatalogTask"/>, with each user's training items
/// excluded (and, when the task names candidate items, every other item too). Users run in parallel batches; scores come from embeddings (dot products with
/// <see cref="TensorPrimitives"/>) or from any <see cref="UserScorer"/>. Ties break towards the lower item index, so
/// results are deterministic.
/// </summary>
public static class FullCatalogRanker
{
    /// <summary>Ranks by dot product of row-major user and item embeddings (row = index, <paramref name="dimension"/> wide).</summary>
    public static RankedRecommendations Rank(ReadOnlyMemory<float> userEmbeddings, ReadOnlyMemory<float> itemEmbeddings, int dimension,
        FullCatalogTask task, int maxK)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (dimension <= 0)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "dimension must be positive.");
        if (userEmbeddings.Length != (long)task.UserCount * dimension)
            throw new ArgumentException($"userEmbeddings has {userEmbeddings.Length} values; expected {task.UserCount} users × {dimension}.", nameof(userEmbeddings));
        if (itemEmbeddings.Length != (long)task.ItemCount * dimension)
            throw new ArgumentException($"itemEmbeddings has {itemEmbeddings.Length} values; expected {task.ItemCount} items × {dimension}.", nameof(itemEmbeddings));
        return Rank(DotProducts(userEmbeddings, itemEmbeddings, dimension), task, maxK);
    }

    /// <summary>A scorer that gives every item the dot product of its embedding with the user's.</summary>
    internal static UserScorer DotProducts(ReadOnlyMemory<float> userEmbeddings, ReadOnlyMemory<float> itemEmbeddings, int dimension) =>
        (user, scores) =>
        {
            var u = userEmbeddings.Span.Slice(user * dimension, dimension);
            var items = itemEmbeddings.Span;
            for (int i = 0; i < scores.Length; i++)
                scores[i] = TensorPrimitives.Dot(u, items.Slice(i * dimension, dimension));
        };

    /// <summary>Ranks with an arbitrary scorer.</summary>
    public static RankedRecommendations Rank(UserScorer scorer, FullCatalogTask task, int maxK)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(task);
        if (maxK <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxK), maxK, $"maxK must be positive; got {maxK}.");
        var users = task.Users;
        var top = new int[users.Count][];
        Parallel.For(0, users.Count, () => new float[task.ItemCount], (index, _, scores) =>
        {
            int user = users[index];
            scorer(user, scores);
            if (task.CandidateItems is not null)
                for (int i = 0; i < scores.Length; i++)
                    if (!task.IsCandidate(i))
                        scores[i] = float.NaN;
            if (task.Excluded.TryGetValue(user, out var excluded))
                foreach (var item in excluded)
                    scores[item] = float.NaN;
            top[index] = TopK(scores, maxK);
            return scores;
        }, _ => { });
        var relevant = users.Select(u => task.Relevant[u]).ToArray();
        return new RankedRecommendations(users, top, relevant, task.ItemCount, maxK);
    }

    /// <summary>Indices of the k largest non-NaN scores, best first; ties to the lower index.</summary>
    internal static int[] TopK(ReadOnlySpan<float> scores, int k)
    {
        var heap = new TopKHeap(k);
        for (int item = 0; item < scores.Length; item++)
            if (!float.IsNaN(scores[item]))
                heap.Push(scores[item], item);
        return heap.DrainBestFirst().Select(best => best.Ordinal).ToArray();
    }
}
