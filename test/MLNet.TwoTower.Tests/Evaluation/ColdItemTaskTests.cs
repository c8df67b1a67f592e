using Microsoft.ML;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Tests.Baselines;

namespace MLNet.TwoTower.Tests.Evaluation;

public class ColdItemTaskTests
{
    // Keys by first appearance: users 10 → 0, 20 → 1; items 100 → 0, 101 → 1, 102 → 2, 103 → 3.
    //   train: (10, 100, 5), (10, 101, 5), (20, 101, 4)
    //   test:  (10, 102, 5), (10, 103, 2), (20, 103, 5), (20, 100, 5)
    // Items 102 and 103 never occur in training: candidates {2, 3}. Item 100 is in training, so user 1's test rating
    // of it does not make it a cold item. Relevant: user 0 → {2} (103 rated 2 is below 4), user 1 → {3}.
    private static (IDataView Train, IDataView Test) Split(MLContext ml)
    {
        var rows = new List<RatingData.Row>
        {
            new() { UserId = 10, ItemId = 100, Label = 5 }, new() { UserId = 10, ItemId = 101, Label = 5 },
            new() { UserId = 20, ItemId = 101, Label = 4 },
            new() { UserId = 10, ItemId = 102, Label = 5 }, new() { UserId = 10, ItemId = 103, Label = 2 },
            new() { UserId = 20, ItemId = 103, Label = 5 }, new() { UserId = 20, ItemId = 100, Label = 5 },
        };
        var all = RatingData.Keyed(ml, rows);
        var isTest = Enumerable.Range(0, rows.Count).Select(i => i >= 3).ToArray();
        return (new RowSubsetDataView(all, isTest.Select(t => !t).ToArray()), new RowSubsetDataView(all, isTest));
    }

    [Fact]
    public void ForColdItems_CandidatesAreTheItemsNeverTrained_RelevantAreThePositivesAmongThem()
    {
        var ml = new MLContext(1);
        var (train, test) = Split(ml);

        var task = FullCatalogTask.ForColdItems(train, test, "UserKey", "ItemKey", "Label");

        Assert.Equal(new HashSet<int> { 2, 3 }, task.CandidateItems);
        Assert.Equal([0, 1], task.Users);
        Assert.Equal(new HashSet<int> { 2 }, task.Relevant[0]);
        Assert.Equal(new HashSet<int> { 3 }, task.Relevant[1]);
    }

    [Fact]
    public void Rank_WithCandidates_NeverRecommendsOtherItems()
    {
        // Score = item index, so a whole-catalog ranking would start 3, 2, 1, 0; only 3 and 2 may appear.
        // Recall@1: user 0 → top [3], relevant {2} → 0; user 1 → top [3], relevant {3} → 1; mean 0.5.
        var ml = new MLContext(1);
        var (train, test) = Split(ml);
        var task = FullCatalogTask.ForColdItems(train, test, "UserKey", "ItemKey", "Label");

        var ranked = FullCatalogRanker.Rank((_, scores) =>
        {
            for (int i = 0; i < scores.Length; i++)
                scores[i] = i;
        }, task, maxK: 4);

        Assert.All(ranked.TopItems, top => Assert.Equal([3, 2], top));
        Assert.Equal(0.5, RetrievalMetrics.Recall(ranked, 1).Mean, 6);
    }

    [Fact]
    public void ForColdItems_TestWithoutUnseenItems_ThrowsNamingTheSplitter()
    {
        var ml = new MLContext(1);
        var (train, _) = Split(ml);

        var error = Assert.Throws<ArgumentException>(() => FullCatalogTask.ForColdItems(train, train, "UserKey", "ItemKey", "Label"));
        Assert.Contains("ColdItems", error.Message);
    }

    [Fact]
    public void Task_RelevantItemOutsideTheCandidates_Throws()
    {
        var relevant = new Dictionary<int, IReadOnlySet<int>> { [0] = new HashSet<int> { 1 } };

        var error = Assert.Throws<ArgumentException>(() =>
            new FullCatalogTask(1, 3, new Dictionary<int, IReadOnlySet<int>>(), relevant, candidateItems: new HashSet<int> { 2 }));
        Assert.Contains("not a candidate", error.Message);
        Assert.Throws<ArgumentException>(() =>
            new FullCatalogTask(1, 3, new Dictionary<int, IReadOnlySet<int>>(), relevant, candidateItems: new HashSet<int>()));
    }
}
