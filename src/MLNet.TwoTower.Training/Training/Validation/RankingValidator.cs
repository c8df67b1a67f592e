using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Training.Heads;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training.Validation;

/// <summary>
/// nDCG@K of the ranking score on held-out rated items — the warm protocol on the validation slice: each user's
/// held-out rated items (positives and items rated below the threshold) are ranked by
/// <c>Score = μ + b_u + b_i + w·⟨u, i⟩ + λ·(⟨u, i⟩ + β·q_i)</c> (q the log-popularity prior), gain 1 for a positive, 0 otherwise, and nDCG@K is
/// averaged over users who have both kinds (for the others every order scores the same). One value per λ candidate,
/// so the score mix is the dataset's choice. At most <c>maxUsers</c> users, a seeded sample.
/// </summary>
internal sealed class RankingValidator
{
    private readonly int k;
    private readonly int[] users;
    private readonly int[] items;
    private readonly (int[] Items, bool[] Relevant)[] lists;

    public RankingValidator(int[] positiveUsers, int[] positiveItems, int[] negativeUsers, int[] negativeItems, int k,
        int maxUsers, int seed)
    {
        this.k = k;
        var byUser = new Dictionary<int, List<(int Item, bool Relevant)>>();
        void Add(int[] userKeys, int[] itemKeys, bool relevant)
        {
            for (var i = 0; i < userKeys.Length; i++)
            {
                if (!byUser.TryGetValue(userKeys[i], out var list))
                    byUser[userKeys[i]] = list = [];
                list.Add((itemKeys[i], relevant));
            }
        }
        Add(positiveUsers, positiveItems, true);
        Add(negativeUsers, negativeItems, false);
        var informative = byUser.Where(pair => pair.Value.Any(x => x.Relevant) && pair.Value.Any(x => !x.Relevant)).Select(pair => pair.Key);
        users = ValidationSample.Users(informative, maxUsers, seed);
        lists = users.Select(u => (byUser[u].Select(x => x.Item).ToArray(), byUser[u].Select(x => x.Relevant).ToArray())).ToArray();
        items = lists.SelectMany(list => list.Items).Distinct().Order().ToArray();
    }

    /// <summary>Whether any user has both a positive and a negative held-out item.</summary>
    public bool CanEvaluate => users.Length > 0;

    /// <summary>Mean nDCG@K for each λ; leaves the network in evaluation mode.</summary>
    public float[] Evaluate(TwoTowerNetwork network, Tensor userTable, Tensor itemTable, Tensor userKeyMap, Tensor itemKeyMap,
        ScoreTerms terms, float[]? prior, float beta, IReadOnlyList<float> lambdas)
    {
        network.eval();
        var (userVectors, userHead) = ValidationEmbedder.Embed(network.UserTower, userTable, userKeyMap, users);
        var (itemVectors, itemHead) = ValidationEmbedder.Embed(network.ItemTower, itemTable, itemKeyMap, items);
        var width = network.UserTower.Architecture.EmbeddingSize;
        var itemHeadWidth = network.ItemTower.Architecture.HeadSize;
        var userHeadWidth = network.UserTower.Architecture.HeadSize;
        var (mu, w) = network.RatingTerms;
        var itemRow = new Dictionary<int, int>(items.Length);
        for (var i = 0; i < items.Length; i++)
            itemRow[items[i]] = i;

        var sums = new double[lambdas.Count];
        var scores = new double[0];
        for (var u = 0; u < users.Length; u++)
        {
            var (listItems, relevant) = lists[u];
            var rating = new double[listItems.Length];
            var retrieval = new double[listItems.Length];
            var user = userVectors.AsSpan(u * width, width);
            for (var j = 0; j < listItems.Length; j++)
            {
                var row = itemRow[listItems[j]];
                var cosine = Dot(user, itemVectors.AsSpan(row * width, width));
                retrieval[j] = cosine + (prior is null ? 0 : beta * prior[listItems[j]]);
                rating[j] = terms.Rating
                    ? mu + userHead![u * userHeadWidth + ScoreTerms.UserRatingBiasColumn]
                        + itemHead![row * itemHeadWidth + ScoreTerms.ItemRatingBiasColumn] + w * cosine
                    : 0;
            }
            if (scores.Length < listItems.Length)
                scores = new double[listItems.Length];
            for (var l = 0; l < lambdas.Count; l++)
            {
                // Without a ranking head, Score is the retrieval score whatever λ is.
                for (var j = 0; j < listItems.Length; j++)
                    scores[j] = terms.Rating ? rating[j] + lambdas[l] * retrieval[j] : retrieval[j];
                sums[l] += Ndcg(scores.AsSpan(0, listItems.Length), relevant, k);
            }
        }
        return sums.Select(sum => (float)(sum / users.Length)).ToArray();
    }

    /// <summary>nDCG@K with binary gains; ties keep the list's order (deterministic).</summary>
    internal static double Ndcg(ReadOnlySpan<double> scores, bool[] relevant, int k)
    {
        var copy = scores.ToArray();
        var order = Enumerable.Range(0, copy.Length).OrderByDescending(j => copy[j]).ThenBy(j => j).ToArray();
        double dcg = 0, ideal = 0;
        var relevantCount = relevant.Count(r => r);
        for (var rank = 0; rank < Math.Min(k, order.Length); rank++)
        {
            var discount = 1 / Math.Log2(rank + 2);
            if (relevant[order[rank]])
                dcg += discount;
            if (rank < relevantCount)
                ideal += discount;
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
