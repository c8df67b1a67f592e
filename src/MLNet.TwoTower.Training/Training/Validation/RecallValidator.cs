using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Retrieval;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training.Validation;

/// <summary>
/// Recall@K of the held-out positives over the full catalogue (protocol 3 of the design): for every user with
/// held-out pairs, score every catalogue item, drop the user's training positives, take the top K, and count the
/// held-out items found; Recall = found / held-out, averaged over users. Ids without training pairs read the unknown
/// row 0, exactly as the exported model does. With the log-popularity prior q, the score is
/// <c>⟨u, i⟩ + β·q_i</c> and recall is measured for every candidate β (the one matmul is shared). At most
/// <c>maxUsers</c> users (a seeded sample) are scored: the validation budget.
/// </summary>
internal sealed class RecallValidator
{
    private const int UsersPerChunk = 256;
    private readonly int k;
    private readonly int[] catalog;
    private readonly int[] users;
    private readonly HashSet<int>[] excludedColumns;
    private readonly HashSet<int>[] relevantColumns;

    public RecallValidator(HoldOutSplit split, int[] catalog, int k, int maxUsers = int.MaxValue, int seed = 0)
    {
        this.k = Math.Min(k, catalog.Length);
        this.catalog = catalog;
        var column = new Dictionary<int, int>(catalog.Length);
        for (var c = 0; c < catalog.Length; c++)
            column[catalog[c]] = c;

        var training = new Dictionary<int, HashSet<int>>();
        for (var i = 0; i < split.TrainCount; i++)
            Set(training, split.TrainUserKeys[i]).Add(column[split.TrainItemKeys[i]]);
        var relevant = new Dictionary<int, HashSet<int>>();
        for (var i = 0; i < split.ValidationUserKeys.Length; i++)
        {
            var item = column[split.ValidationItemKeys[i]];
            var user = split.ValidationUserKeys[i];
            // An item the user also has among the training pairs is excluded from the ranking, so it cannot count.
            if (!(training.TryGetValue(user, out var seen) && seen.Contains(item)))
                Set(relevant, user).Add(item);
        }
        users = ValidationSample.Users(relevant.Keys, maxUsers, seed);
        relevantColumns = users.Select(u => relevant[u]).ToArray();
        excludedColumns = users.Select(u => training.TryGetValue(u, out var seen) ? seen : []).ToArray();
    }

    /// <summary>Whether any user has a held-out item that can be found.</summary>
    public bool CanEvaluate => users.Length > 0;

    public int K => k;

    /// <summary>Mean Recall@K for each β; leaves the network in evaluation mode.</summary>
    /// <param name="network">The towers, evaluated without dropout.</param>
    /// <param name="userTable">[users + 1, width] user features on the training device.</param>
    /// <param name="itemTable">[items + 1, width] item features on the training device.</param>
    /// <param name="userKeyMap">[users + 1] Int32: key → itself when it had training pairs, else 0.</param>
    /// <param name="itemKeyMap">[items + 1] Int32, likewise.</param>
    /// <param name="prior">The log-popularity prior by item key; null when there is none (β is then moot).</param>
    /// <param name="betas">The β candidates; one recall each, in order.</param>
    public float[] Evaluate(TwoTowerNetwork network, Tensor userTable, Tensor itemTable, Tensor userKeyMap, Tensor itemKeyMap,
        float[]? prior, IReadOnlyList<float> betas)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        network.eval();
        var device = userTable.device;
        var itemKeys = itemKeyMap.index_select(0, tensor(catalog, device: device));
        var items = network.ItemTower.Embed(itemTable.index_select(0, itemKeys), itemKeys);
        var bias = prior is null ? null : catalog.Select(key => prior[key]).ToArray();
        if (bias is null)
            betas = [betas[0]];

        var recallSums = new double[betas.Count];
        var shifted = new float[catalog.Length];
        for (var start = 0; start < users.Length; start += UsersPerChunk)
        {
            var size = Math.Min(UsersPerChunk, users.Length - start);
            var userKeys = userKeyMap.index_select(0, tensor(users.AsSpan(start, size).ToArray(), device: device));
            var embedded = network.UserTower.Embed(userTable.index_select(0, userKeys), userKeys);
            var scores = embedded.matmul(items.t()).cpu().contiguous().data<float>().ToArray();
            for (var u = 0; u < size; u++)
            {
                var row = scores.AsSpan(u * catalog.Length, catalog.Length);
                for (var b = 0; b < betas.Count; b++)
                {
                    if (bias is not null)
                        for (var c = 0; c < row.Length; c++)
                            shifted[c] = row[c] + betas[b] * bias[c];
                    recallSums[b] += Recall(bias is null ? row : shifted, excludedColumns[start + u], relevantColumns[start + u], k);
                }
            }
        }
        return recallSums.Select(sum => (float)(sum / users.Length)).ToArray();
    }

    /// <summary>
    /// Recall@K of one user: the share of <paramref name="relevant"/> columns among the K best-scored columns that are
    /// not <paramref name="excluded"/>. Ties go to the lower column, so the result is deterministic.
    /// </summary>
    internal static double Recall(ReadOnlySpan<float> scores, IReadOnlySet<int> excluded, IReadOnlySet<int> relevant, int k)
    {
        var heap = new TopKHeap(k);
        for (var c = 0; c < scores.Length; c++)
        {
            // Most items lose to the current K-th best: skip the exclusion lookup for them.
            if (heap.Admits(scores[c], c) && !excluded.Contains(c))
                heap.Push(scores[c], c);
        }
        var hits = heap.DrainBestFirst().Count(best => relevant.Contains(best.Ordinal));
        return (double)hits / relevant.Count;
    }

    private static HashSet<int> Set(Dictionary<int, HashSet<int>> sets, int key)
    {
        if (!sets.TryGetValue(key, out var set))
            sets[key] = set = [];
        return set;
    }
}
