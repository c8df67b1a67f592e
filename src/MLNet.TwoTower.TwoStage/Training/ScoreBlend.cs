using MLNet.TwoTower.TwoStage.Features;

namespace MLNet.TwoTower.TwoStage.Training;

/// <summary>
/// A re-ranker's served score: <c>TreeWeight · trees + TowerWeight · features[TowerFeature]</c>, the trees' output
/// blended with the first stage's own score for the same order (the retrieval score for the catalogue, the towers'
/// ranking score for rated items). A boosted ensemble is piecewise constant: hundreds of candidates fall into a few
/// dozen leaves' sums, and the fine order the towers' score gives within them is lost (issue 12, round 3: catalogue
/// Recall@10 0.122 against the towers' 0.162 on ml-latest-small). The share is chosen on held-out groups, and share 1
/// (the towers' order alone) is a candidate, so the second stage is kept only where it orders validation users better.
/// </summary>
/// <param name="Share">a in [0, 1]: the weights are (1 − a)/σ_trees and a/σ_tower, so a is the tower's share of the
/// blend in standard deviations of the two scores (0 = the trees alone, as before this option).</param>
/// <param name="TreeWeight">The factor on the trees' score.</param>
/// <param name="TowerWeight">The factor on the tower feature.</param>
/// <param name="TowerFeature">The re-ranker feature position of the first stage's score
/// (<see cref="RerankFeatures.RetrievalScorePosition"/> or <see cref="RerankFeatures.TowerScorePosition"/>).</param>
internal sealed record ScoreBlend(double Share, float TreeWeight, float TowerWeight, int TowerFeature)
{
    /// <summary>The trees' score as it is.</summary>
    public static ScoreBlend TreesOnly(int towerFeature) => new(0, 1f, 0f, towerFeature);

    /// <summary>Whether the tower's score takes part (otherwise the trees' score is served unchanged).</summary>
    public bool Blends => TowerWeight != 0f || TreeWeight != 1f;

    /// <summary>The served score; the same float operations the saved chain's blend graph runs.</summary>
    public float Apply(float trees, ReadOnlySpan<float> features) => TreeWeight * trees + TowerWeight * features[TowerFeature];

    /// <summary>
    /// The weights of share <paramref name="share"/> for <paramref name="trees"/>, scaled by the standard deviations of
    /// the trees' score and the tower feature over <paramref name="rows"/>; the trees alone when either is constant.
    /// </summary>
    public static ScoreBlend For(double share, TreeEnsembleScorer trees, IReadOnlyList<RerankerTrainingSet.Row> rows, int towerFeature) =>
        share == 0 ? TreesOnly(towerFeature) : Spread.Of(trees, rows, towerFeature).Blend(share, towerFeature);

    /// <summary>
    /// The candidate share with the best mean nDCG@10 over <paramref name="validation"/>'s groups (the first among
    /// equals), the trees being <paramref name="probe"/> fitted on <paramref name="fit"/>; with each candidate's nDCG.
    /// When share 1 (the towers' order alone) is a candidate, another share is kept only if it beats share 1 by more
    /// than one standard error of the per-user paired difference: the one-standard-error rule of CART (Breiman et al.),
    /// here favouring the first stage, which needs no trees. A few hundred validation users cannot tell a 0.006 gain
    /// from noise (ml-latest-small implicit, seed 44: share 0.25 won 0.1341 vs 0.1278 on 113 groups and served
    /// nDCG@10 0.300 on the test split, the towers alone 0.369).
    /// </summary>
    public static (ScoreBlend Best, double[] Ndcg) Choose(IReadOnlyList<float> shares, TreeEnsembleScorer probe,
        IReadOnlyList<RerankerTrainingSet.Row> fit, IReadOnlyList<RerankerTrainingSet.Row> validation, int towerFeature)
    {
        var spread = Spread.Of(probe, fit, towerFeature);
        var trees = validation.Select(r => probe.Score(r.Features)).ToArray();
        var perGroup = new double[shares.Count][];
        var blends = new ScoreBlend[shares.Count];
        var scores = new double[validation.Count];
        for (int c = 0; c < shares.Count; c++)
        {
            blends[c] = shares[c] == 0 ? TreesOnly(towerFeature) : spread.Blend(shares[c], towerFeature);
            for (int r = 0; r < validation.Count; r++)
                scores[r] = blends[c].Apply(trees[r], validation[r].Features);
            perGroup[c] = GroupNdcg.PerGroup(validation, scores);
        }
        var ndcg = perGroup.Select(GroupNdcg.Mean).ToArray();
        int best = 0;
        for (int c = 1; c < ndcg.Length; c++)
            if (ndcg[c] > ndcg[best])
                best = c;
        int towersAlone = shares.ToList().IndexOf(1f);
        if (towersAlone >= 0 && best != towersAlone && !BeatsByOneStandardError(perGroup[best], perGroup[towersAlone]))
            best = towersAlone;
        return (blends[best], ndcg);
    }

    /// <summary>Whether the mean of the paired differences exceeds their standard error.</summary>
    internal static bool BeatsByOneStandardError(IReadOnlyList<double> challenger, IReadOnlyList<double> incumbent)
    {
        int n = challenger.Count;
        if (n < 2)
            return false;
        var differences = Enumerable.Range(0, n).Select(g => challenger[g] - incumbent[g]).ToArray();
        double mean = differences.Average();
        double variance = differences.Sum(d => (d - mean) * (d - mean)) / (n - 1);
        return mean > Math.Sqrt(variance / n);
    }

    /// <summary>The standard deviations of the trees' score and of the tower feature over a set of rows.</summary>
    private readonly record struct Spread(double Trees, double Tower)
    {
        public static Spread Of(TreeEnsembleScorer trees, IReadOnlyList<RerankerTrainingSet.Row> rows, int towerFeature) => new(
            StandardDeviation(rows.Select(r => (double)trees.Score(r.Features))),
            StandardDeviation(rows.Select(r => (double)r.Features[towerFeature])));

        /// <summary>Weights (1 − a)/σ_trees and a/σ_tower; the trees alone when either score is constant.</summary>
        public ScoreBlend Blend(double share, int towerFeature) => Trees > 0 && Tower > 0
            ? new ScoreBlend(share, (float)((1 - share) / Trees), (float)(share / Tower), towerFeature)
            : TreesOnly(towerFeature);
    }

    private static double StandardDeviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count < 2)
            return 0;
        double mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
    }
}
