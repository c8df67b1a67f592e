using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Tests.Baselines;

namespace MLNet.TwoTower.Tests.Evaluation;

public class InteractionSplitterTests
{
    // 10 users × 10 items, every pair rated once; timestamp = item id, so each user's latest row is item 9.
    private static IDataView Full(MLContext ml) => RatingData.Keyed(ml,
        from u in Enumerable.Range(0, 10) from i in Enumerable.Range(0, 10)
        select new RatingData.Row { UserId = u, ItemId = i, Label = (u + i) % 5 + 1, Timestamp = i });

    private static float[] Users(IDataView data) => data.GetColumn<float>("UserId").ToArray();
    private static float[] Items(IDataView data) => data.GetColumn<float>("ItemId").ToArray();

    [Fact]
    public void Random_SameSeed_SameSplitCoveringAllRows()
    {
        var ml = new MLContext(1);
        var data = Full(ml);
        var a = InteractionSplitter.Random(ml, data, 0.2, seed: 3);
        var b = InteractionSplitter.Random(ml, data, 0.2, seed: 3);
        Assert.Equal(100, a.TrainRows + a.TestRows);
        Assert.InRange(a.TestRows, 5, 40);
        Assert.Equal(Items(a.TestSet), Items(b.TestSet));
    }

    [Fact]
    public void PerUserRatio_EveryUserGetsTwoTestRows()
    {
        // 10 rows per user × 0.2 = 2 test rows each.
        var ml = new MLContext(1);
        var split = InteractionSplitter.PerUserRatio(Full(ml), "UserKey", 0.2, seed: 1);
        Assert.Equal(20, split.TestRows);
        Assert.All(Users(split.TestSet).GroupBy(u => u), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public void LeaveLastOut_TestHoldsEachUsersLatestRow()
    {
        var ml = new MLContext(1);
        var split = InteractionSplitter.LeaveLastOut(Full(ml), "UserKey", "Timestamp");
        Assert.Equal(10, split.TestRows);
        Assert.All(Items(split.TestSet), i => Assert.Equal(9f, i));
    }

    [Fact]
    public void ColdUsers_TestUsersNeverInTrain()
    {
        var ml = new MLContext(1);
        var split = InteractionSplitter.ColdUsers(Full(ml), "UserKey", 0.2, seed: 2);
        var testUsers = Users(split.TestSet).Distinct().ToHashSet();
        Assert.Equal(2, testUsers.Count); // 20% of 10 users
        Assert.DoesNotContain(Users(split.TrainSet), testUsers.Contains);
        Assert.Equal(20, split.TestRows);
    }

    [Fact]
    public void ColdItems_TestItemsNeverInTrain()
    {
        var ml = new MLContext(1);
        var split = InteractionSplitter.ColdItems(Full(ml), "ItemKey", 0.1, seed: 2);
        var testItems = Items(split.TestSet).Distinct().ToHashSet();
        Assert.Single(testItems);
        Assert.DoesNotContain(Items(split.TrainSet), testItems.Contains);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Splits_FractionOutsideOpenUnitInterval_Throw(double fraction)
    {
        var ml = new MLContext(1);
        var data = Full(ml);
        Assert.Throws<ArgumentOutOfRangeException>(() => InteractionSplitter.Random(ml, data, fraction));
        Assert.Throws<ArgumentOutOfRangeException>(() => InteractionSplitter.PerUserRatio(data, "UserKey", fraction));
        Assert.Throws<ArgumentOutOfRangeException>(() => InteractionSplitter.ColdUsers(data, "UserKey", fraction));
    }

    [Fact]
    public void Splits_DataTooSmall_ThrowExplaining()
    {
        // One row per user: no user can give a row to test; a single user cannot be held out.
        var ml = new MLContext(1);
        var tiny = RatingData.Keyed(ml, [new RatingData.Row { UserId = 1, ItemId = 1, Label = 5 }, new RatingData.Row { UserId = 2, ItemId = 1, Label = 3 }]);
        var perUser = Assert.Throws<ArgumentException>(() => InteractionSplitter.PerUserRatio(tiny, "UserKey", 0.5));
        Assert.Contains("too small", perUser.Message);
        var single = RatingData.Keyed(ml, [new RatingData.Row { UserId = 1, ItemId = 1, Label = 5 }]);
        Assert.Throws<ArgumentException>(() => InteractionSplitter.ColdUsers(single, "UserKey", 0.5));
        Assert.Throws<ArgumentException>(() => InteractionSplitter.Random(ml, single, 0.5));
    }

    [Fact]
    public void Splits_UnknownColumn_ThrowNamingIt()
    {
        var ml = new MLContext(1);
        var error = Assert.Throws<ArgumentException>(() => InteractionSplitter.ColdUsers(Full(ml), "Nope", 0.1));
        Assert.Contains("'Nope'", error.Message);
    }
}
