using MLNet.TwoTower.Evaluation;

namespace MLNet.TwoTower.Tests.Evaluation;

public class RetrievalMetricsTests
{
    // Catalog of 5 items, 2 users, 2-d embeddings.
    //   items: 0 = (1, 0), 1 = (0, 1), 2 = (1, 1), 3 = (2, 0), 4 = (0, 0)
    //   user 0 = (1, 0): scores 1, 0, 1, 2, 0; training item 3 excluded → ranking 0 (1, tie with 2 → lower index), 2, 1, 4
    //   user 1 = (0, 1): scores 0, 1, 1, 0, 0; nothing excluded → ranking 1, 2, 0, 3, 4 (ties to the lower index)
    //   relevant: user 0 → {2, 4}; user 1 → {1}
    //   top-2: user 0 → [0, 2] (1 hit at rank 2); user 1 → [1, 2] (hit at rank 1)
    //   Recall@2    = (1/2 + 1) / 2 = 0.75
    //   Precision@2 = (1/2 + 1/2) / 2 = 0.5
    //   HitRate@2   = 1
    //   MRR@2       = (1/2 + 1) / 2 = 0.75
    //   nDCG@2      user 0: (1/log2 3) / (1 + 1/log2 3) = 0.630930 / 1.630930 = 0.386853; user 1: 1 → mean 0.693426
    //   Coverage@2  = |{0, 1, 2}| / 5 = 0.6
    private static RankedRecommendations Rank(int maxK)
    {
        float[] users = [1, 0, 0, 1];
        float[] items = [1, 0, 0, 1, 1, 1, 2, 0, 0, 0];
        var task = new FullCatalogTask(2, 5,
            new Dictionary<int, IReadOnlySet<int>> { [0] = new HashSet<int> { 3 } },
            new Dictionary<int, IReadOnlySet<int>> { [0] = new HashSet<int> { 2, 4 }, [1] = new HashSet<int> { 1 } });
        return FullCatalogRanker.Rank(users, items, 2, task, maxK);
    }

    [Fact]
    public void Rank_ExcludesTrainingItems_BreaksTiesToLowerIndex()
    {
        var ranked = Rank(4);
        Assert.Equal([0, 2, 1, 4], ranked.TopItems[0]);
        Assert.Equal([1, 2, 0, 3], ranked.TopItems[1]);
    }

    [Fact]
    public void AveragePrecision_TinyCase_EqualsRecommendersMapAtK()
    {
        // Microsoft Recommenders' map_at_k: per user, Σ over hits of (hits so far / rank), divided by min(|R|, k).
        // k = 2: user 0 → [0, 2], hit at rank 2: (1/2) / min(2, 2) = 0.25; user 1 → [1, 2], hit at rank 1: 1 / 1 = 1.
        Assert.Equal(0.625, RetrievalMetrics.AveragePrecision(Rank(2), 2).Mean, 10);
        // k = 4: user 0 → [0, 2, 1, 4], hits at ranks 2 and 4: (1/2 + 2/4) / 2 = 0.5; user 1 → 1.
        var ranked = Rank(4);
        Assert.Equal(0.75, RetrievalMetrics.AveragePrecision(ranked, 4).Mean, 10);
        Assert.Equal("MAP@4", RetrievalMetrics.AveragePrecision(ranked, 4).Name);
    }

    [Fact]
    public void Metrics_TinyCase_EqualHandComputation()
    {
        var ranked = Rank(2);
        Assert.Equal(0.75, RetrievalMetrics.Recall(ranked, 2).Mean, 6);
        Assert.Equal([0.5, 1.0], RetrievalMetrics.Recall(ranked, 2).PerUser);
        Assert.Equal(0.5, RetrievalMetrics.Precision(ranked, 2).Mean, 6);
        Assert.Equal(1.0, RetrievalMetrics.HitRate(ranked, 2).Mean, 6);
        Assert.Equal(0.75, RetrievalMetrics.Mrr(ranked, 2).Mean, 6);
        Assert.Equal(0.693426, RetrievalMetrics.Ndcg(ranked, 2).Mean, 5);
        Assert.Equal(0.6, RetrievalMetrics.CatalogCoverage(ranked, 2), 6);
    }

    [Fact]
    public void Metrics_PerfectScores_AreOne()
    {
        var task = new FullCatalogTask(1, 3, new Dictionary<int, IReadOnlySet<int>>(),
            new Dictionary<int, IReadOnlySet<int>> { [0] = new HashSet<int> { 2 } });
        var ranked = FullCatalogRanker.Rank((user, scores) => { scores[0] = 0; scores[1] = 1; scores[2] = 5; }, task, 1);
        Assert.Equal(1.0, RetrievalMetrics.Recall(ranked, 1).Mean);
        Assert.Equal(1.0, RetrievalMetrics.Ndcg(ranked, 1).Mean);
        Assert.Equal(1.0, RetrievalMetrics.Mrr(ranked, 1).Mean);
    }

    [Fact]
    public void Metrics_KNotPositiveOrBeyondRankedLength_Throws()
    {
        var ranked = Rank(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrievalMetrics.Recall(ranked, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrievalMetrics.Recall(ranked, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rank(0));
    }

    [Fact]
    public void Metrics_UserWhoRatedMostOfTheCatalogue_KBeyondTheirCandidatesIsExact()
    {
        // Regression: 4 items, the user trained on 3 of them, so only item 3 is left to rank. Recall@10 must be
        // computed over that one-item list (1 hit of 1 relevant = 1.0), not rejected as "k beyond the ranked length".
        var task = new FullCatalogTask(1, 4,
            new Dictionary<int, IReadOnlySet<int>> { [0] = new HashSet<int> { 0, 1, 2 } },
            new Dictionary<int, IReadOnlySet<int>> { [0] = new HashSet<int> { 3 } });
        var ranked = FullCatalogRanker.Rank((user, scores) => scores.Fill(1), task, 10);
        Assert.Equal([3], ranked.TopItems[0]);
        Assert.Equal(1.0, RetrievalMetrics.Recall(ranked, 10).Mean);
    }

    [Fact]
    public void Rank_NaNScores_AreNeverRecommended()
    {
        var task = new FullCatalogTask(1, 3, new Dictionary<int, IReadOnlySet<int>>(),
            new Dictionary<int, IReadOnlySet<int>> { [0] = new HashSet<int> { 0 } });
        var ranked = FullCatalogRanker.Rank((user, scores) => { scores[0] = float.NaN; scores[1] = 1; scores[2] = float.NaN; }, task, 3);
        Assert.Equal([1], ranked.TopItems[0]);
    }

    [Fact]
    public void Task_UserWithoutRelevantItems_IsLeftOutAndCounted()
    {
        var task = new FullCatalogTask(2, 3, new Dictionary<int, IReadOnlySet<int>>(),
            new Dictionary<int, IReadOnlySet<int>> { [0] = new HashSet<int>(), [1] = new HashSet<int> { 1 } });
        Assert.Equal([1], task.Users);
        Assert.Equal(1, task.UsersWithoutRelevantItems);
    }
}
