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
    /// <see cref="GroupNdcg.Mean(IReadOnlyList{RerankerTrainingSet.Row}, ReadOnlySpan{double})"/> over <paramref name="validation"/> of every prefix of <paramref name="scorer"/>'s
    /// trees: element k − 1 is the score of the first k trees.
    /// </summary>
    public static double[] PrefixNdcg(TreeEnsembleScorer scorer, IReadOnlyList<RerankerTrainingSet.Row> validation)
    {
        int trees = scorer.TreeCount;
        // cumulative[t][r]: the score of row r by the first t + 1 trees.
        var cumulative = new double[trees][];
        for (int t = 0; t < trees; t++)
            cumulative[t] = new double[validation.Count];
        var outputs = new double[trees];
        for (int r = 0; r < validation.Count; r++)
        {
            scorer.TreeOutputs(validation[r].Features, outputs);
            double sum = 0;
            for (int t = 0; t < trees; t++)
                cumulative[t][r] = sum += outputs[t];
        }
        return cumulative.Select(scores => GroupNdcg.Mean(validation, scores)).ToArray();
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
}
