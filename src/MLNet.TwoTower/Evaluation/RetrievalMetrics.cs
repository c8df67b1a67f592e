namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// Top-K retrieval metrics as plain functions with one signature, <c>(RankedRecommendations, k) → MetricResult</c>,
/// each returning per-user values and their mean. For a user with relevant set R and top-k list L:
/// Recall = |L∩R| / |R|; Precision = |L∩R| / k; HitRate = 1 if L∩R ≠ ∅; MRR = 1 / rank of the first hit (0 if none);
/// nDCG = Σ_{hits at rank i} 1/log2(i+1) / Σ_{i=1..min(|R|,k)} 1/log2(i+1);
/// AP = Σ_{hits at rank i} (hits in the top i) / i / min(|R|, k), whose mean is MAP@k.
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>Fraction of the user's relevant items found in the top k.</summary>
    public static MetricResult Recall(RankedRecommendations rankings, int k) =>
        Compute(rankings, k, "Recall", (top, relevant) => (double)Hits(top, relevant) / relevant.Count);

    /// <summary>Fraction of the top k that is relevant (always divided by k, even if fewer items were ranked).</summary>
    public static MetricResult Precision(RankedRecommendations rankings, int k) =>
        Compute(rankings, k, "Precision", (top, relevant) => (double)Hits(top, relevant) / k);

    /// <summary>1 if any relevant item is in the top k, else 0.</summary>
    public static MetricResult HitRate(RankedRecommendations rankings, int k) =>
        Compute(rankings, k, "HitRate", (top, relevant) => Hits(top, relevant) > 0 ? 1 : 0);

    /// <summary>Reciprocal rank of the first relevant item within the top k (0 if none).</summary>
    public static MetricResult Mrr(RankedRecommendations rankings, int k) =>
        Compute(rankings, k, "MRR", (top, relevant) =>
        {
            for (int i = 0; i < top.Length; i++)
                if (relevant.Contains(top[i]))
                    return 1.0 / (i + 1);
            return 0;
        });

    /// <summary>Binary-relevance nDCG of the top k.</summary>
    public static MetricResult Ndcg(RankedRecommendations rankings, int k) =>
        Compute(rankings, k, "nDCG", (top, relevant) =>
        {
            double dcg = 0, ideal = 0;
            for (int i = 0; i < top.Length; i++)
                if (relevant.Contains(top[i]))
                    dcg += 1 / Math.Log2(i + 2);
            for (int i = 0; i < Math.Min(relevant.Count, k); i++)
                ideal += 1 / Math.Log2(i + 2);
            return dcg / ideal;
        });

    /// <summary>
    /// Average precision of the top k, whose mean over users is MAP@k: the precision at the rank of each hit, summed
    /// and divided by min(|R|, k). This is Microsoft Recommenders' <c>map_at_k</c>
    /// (<c>recommenders/evaluation/python_evaluation.py</c>, after Spark MLlib's <c>RankingMetrics.meanAveragePrecisionAt</c>),
    /// the MAP of their MovieLens benchmark (docs/protocols.md).
    /// </summary>
    public static MetricResult AveragePrecision(RankedRecommendations rankings, int k) =>
        Compute(rankings, k, "MAP", (top, relevant) =>
        {
            double sum = 0;
            int hits = 0;
            for (int i = 0; i < top.Length; i++)
                if (relevant.Contains(top[i]))
                    sum += (double)++hits / (i + 1);
            return sum / Math.Min(relevant.Count, k);
        });

    /// <summary>Fraction of the catalog that appears in at least one user's top k.</summary>
    public static double CatalogCoverage(RankedRecommendations rankings, int k)
    {
        CheckK(rankings, k);
        var seen = new bool[rankings.ItemCount];
        foreach (var top in rankings.TopItems)
            for (int i = 0; i < Math.Min(k, top.Length); i++)
                seen[top[i]] = true;
        return (double)seen.Count(s => s) / rankings.ItemCount;
    }

    private static MetricResult Compute(RankedRecommendations rankings, int k, string name, Func<int[], IReadOnlySet<int>, double> perUser)
    {
        CheckK(rankings, k);
        var values = new double[rankings.Users.Count];
        for (int u = 0; u < values.Length; u++)
        {
            var top = rankings.TopItems[u];
            values[u] = perUser(top.Length > k ? top[..k] : top, rankings.Relevant[u]);
        }
        return new MetricResult($"{name}@{k}", k, rankings.Users, values);
    }

    private static int Hits(int[] top, IReadOnlySet<int> relevant) => top.Count(relevant.Contains);

    private static void CheckK(RankedRecommendations rankings, int k)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        if (k <= 0)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be positive; got {k}.");
        if (k > rankings.MaxK && rankings.TopItems.Any(t => t.Length == rankings.MaxK && t.Length < rankings.ItemCount))
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k = {k} exceeds the ranked list length {rankings.MaxK}; rank with a larger maxK.");
    }
}
