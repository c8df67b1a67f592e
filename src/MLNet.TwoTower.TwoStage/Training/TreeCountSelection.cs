using MLNet.TwoTower.TwoStage.Features;

namespace MLNet.TwoTower.TwoStage.Training;

/// <summary>
/// Chooses how many boosting rounds a re-ranker keeps, on a validation slice of its groups: the number of groups (one
/// per user) differs by orders of magnitude between datasets, and with few groups a LambdaRank ensemble overfits long
/// before a fixed round count. One ensemble of the maximum size is trained on the other groups; each of its prefixes
/// is scored by mean nDCG@10 (binary gains, as the evaluation's relevance) over the validation groups, the best prefix
/// (the shortest on a tie) gives the count, and the caller retrains on every group with it.
/// </summary>
internal static class TreeCountSelection
{
    /// <summary>The cut-off of the validation nDCG, the protocols' headline cut-off.</summary>
    public const int Cutoff = 10;

    /// <summary>Splits <paramref name="rows"/>' users (seeded); null when there are too few groups to hold one out.</summary>
    public static (List<RerankerTrainingSet.Row> Train, List<RerankerTrainingSet.Row> Validation)? Split(
        IReadOnlyList<RerankerTrainingSet.Row> rows, float fraction, int seed)
    {
        var users = rows.Select(r => r.User).Distinct().Order().ToArray();
        int validation = (int)Math.Round(fraction * users.Length);
        if (validation < 1 || validation >= users.Length)
            return null;
        // Its own stream: the holdout and the cold-statistics draws are unchanged by this option.
        new Random(unchecked(seed * 31 + 11)).Shuffle(users);
        var held = users.Take(validation).ToHashSet();
        // Rows keep their order, so each group stays contiguous.
        return (rows.Where(r => !held.Contains(r.User)).ToList(), rows.Where(r => held.Contains(r.User)).ToList());
    }

    /// <summary>
    /// Mean nDCG@<see cref="Cutoff"/> over <paramref name="validation"/>'s groups (each contiguous, with at least one
    /// positive) of every prefix of <paramref name="scorer"/>'s trees: element k − 1 is the score of the first k trees.
    /// </summary>
    public static double[] PrefixNdcg(TreeEnsembleScorer scorer, IReadOnlyList<RerankerTrainingSet.Row> validation)
    {
        int trees = scorer.TreeCount;
        var sums = new double[trees];
        int groups = 0;
        var outputs = new double[trees];
        for (int start = 0; start < validation.Count;)
        {
            int end = start;
            while (end < validation.Count && validation[end].User == validation[start].User)
                end++;
            var labels = new float[end - start];
            // cumulative[r, k]: the score of row r by the first k + 1 trees.
            var cumulative = new double[end - start, trees];
            for (int r = start; r < end; r++)
            {
                labels[r - start] = validation[r].Label;
                scorer.TreeOutputs(validation[r].Features, outputs);
                double sum = 0;
                for (int t = 0; t < trees; t++)
                    cumulative[r - start, t] = sum += outputs[t];
            }
            double ideal = Dcg(labels.OrderDescending().ToArray());
            if (ideal > 0)
            {
                groups++;
                var order = Enumerable.Range(0, labels.Length).ToArray();
                var keys = new double[labels.Length];
                for (int t = 0; t < trees; t++)
                {
                    for (int r = 0; r < keys.Length; r++)
                        keys[r] = -cumulative[r, t];
                    for (int r = 0; r < order.Length; r++)
                        order[r] = r;
                    // Stable on ties (lower row first), so the choice does not depend on the sort.
                    Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
                    sums[t] += Dcg(order.Select(r => labels[r]).ToArray()) / ideal;
                }
            }
            start = end;
        }
        return sums.Select(s => groups == 0 ? 0 : s / groups).ToArray();
    }

    /// <summary>
    /// Mean nDCG@<see cref="Cutoff"/> over <paramref name="rows"/>' groups (each contiguous; groups without a positive
    /// are skipped) when row r is scored <paramref name="scores"/>[r], ties broken by row order.
    /// </summary>
    public static double MeanNdcg(IReadOnlyList<RerankerTrainingSet.Row> rows, ReadOnlySpan<double> scores)
    {
        double sum = 0;
        int groups = 0;
        for (int start = 0; start < rows.Count;)
        {
            int end = start;
            while (end < rows.Count && rows[end].User == rows[start].User)
                end++;
            var labels = new float[end - start];
            for (int r = start; r < end; r++)
                labels[r - start] = rows[r].Label;
            double ideal = Dcg(labels.OrderDescending().ToArray());
            if (ideal > 0)
            {
                groups++;
                var keys = scores[start..end].ToArray();
                var order = Enumerable.Range(0, labels.Length).ToArray();
                Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
                sum += Dcg(order.Select(r => labels[r]).ToArray()) / ideal;
            }
            start = end;
        }
        return groups == 0 ? 0 : sum / groups;
    }

    /// <summary>The best prefix length (1-based), the shortest among equals.</summary>
    public static int Best(double[] prefixNdcg)
    {
        int best = 0;
        for (int k = 1; k < prefixNdcg.Length; k++)
            if (prefixNdcg[k] > prefixNdcg[best])
                best = k;
        return best + 1;
    }

    private static double Dcg(IReadOnlyList<float> labelsInOrder)
    {
        double dcg = 0;
        for (int i = 0; i < Math.Min(Cutoff, labelsInOrder.Count); i++)
            dcg += (Math.Pow(2, labelsInOrder[i]) - 1) / Math.Log2(i + 2);
        return dcg;
    }
}
