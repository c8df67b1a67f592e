using Microsoft.ML;
using MLNet.TwoTower.Retrieval;
using static MLNet.TwoTower.Tests.Retrieval.RetrievalFixtures;

namespace MLNet.TwoTower.Tests.Retrieval;

public class ItemRecommenderTests
{
    private readonly MLContext _ml = new(seed: 1);

    // Five items on the unit circle at 0°, 20°, 40°, 60°, 90° (keys 1..5), two users at 0° and 90° (keys 1, 2).
    // User 1's dot products: cos 0°=1, cos 20°=.94, cos 40°=.77, cos 60°=.5, cos 90°=0 → ranking 1,2,3,4,5.
    // User 2's: sin → ranking 5,4,3,2,1.
    private static readonly float[][] ItemVectors = [.. new[] { 0, 20, 40, 60, 90 }.Select(Unit)];
    private static readonly float[][] UserVectors = [Unit(0), Unit(90)];

    private static float[] Unit(int degrees) => [MathF.Cos(degrees * MathF.PI / 180), MathF.Sin(degrees * MathF.PI / 180)];

    private ItemRecommender Create(ItemIndexKind kind, (uint User, uint Item)[]? seen = null, float[][]? itemVectors = null)
    {
        var items = Items(_ml, itemVectors ?? ItemVectors);
        var index = _ml.Ranking.BuildItemIndex(ItemEncoder(_ml, items), items, kind: kind);
        var users = Users(_ml, UserVectors);
        var interactions = seen is null ? null : Interactions(_ml, seen, UserVectors.Length, (itemVectors ?? ItemVectors).Length);
        return _ml.Ranking.CreateRecommender(UserEncoder(_ml, users), index, users, interactions);
    }

    [Theory]
    [InlineData(ItemIndexKind.Exact)]
    [InlineData(ItemIndexKind.Hnsw)]
    public void Recommend_KnownUser_RanksByDotProduct(ItemIndexKind kind)
    {
        var recommender = Create(kind);

        Assert.Equal([1u, 2u, 3u], recommender.Recommend(1, 3).Select(r => r.ItemKey));
        Assert.Equal([5u, 4u, 3u], recommender.Recommend(2, 3).Select(r => r.ItemKey));
    }

    [Theory]
    [InlineData(ItemIndexKind.Exact)]
    [InlineData(ItemIndexKind.Hnsw)]
    public void Recommend_UserWithSeenItems_SkipsThemAndStillReturnsK(ItemIndexKind kind)
    {
        // User 1 has seen items 1 and 3: the next best unseen are 2, 4, 5.
        var recommender = Create(kind, seen: [(1, 1), (1, 3)]);

        Assert.Equal([2u, 4u, 5u], recommender.Recommend(1, 3).Select(r => r.ItemKey));
        Assert.Equal([5u, 4u, 3u], recommender.Recommend(2, 3).Select(r => r.ItemKey));
        Assert.Equal(new HashSet<uint> { 1, 3 }, recommender.SeenItems(1));
    }

    [Fact]
    public void Recommend_KLargerThanUnseenItems_ReturnsEveryUnseenItem()
    {
        var recommender = Create(ItemIndexKind.Hnsw, seen: [(2, 5), (2, 1)]);

        Assert.Equal([4u, 3u, 2u], recommender.Recommend(2, 10).Select(r => r.ItemKey));
    }

    [Theory]
    [InlineData(ItemIndexKind.Exact)]
    [InlineData(ItemIndexKind.Hnsw)]
    public void Recommend_ItemFilter_ReturnsOnlyAcceptedItems(ItemIndexKind kind)
    {
        // Only even keys (2, 4) pass; user 1 ranks 2 above 4.
        var recommender = Create(kind);

        Assert.Equal([2u, 4u], recommender.Recommend(1, 3, key => key % 2 == 0).Select(r => r.ItemKey));
    }

    [Fact]
    public void Recommend_ManyUsersAtOnce_MatchesOneByOne()
    {
        var items = ClusteredUnitVectors(400, 2, clusters: 4, seed: 41);
        var recommender = Create(ItemIndexKind.Exact, seen: [(1, 7), (2, 9), (2, 10)], itemVectors: items);

        var many = recommender.Recommend([1u, 2u, 1u], 8, key => key % 3 != 0);

        Assert.Equal(2, many.Count);
        Assert.Equal(recommender.Recommend(1, 8, key => key % 3 != 0), many[1]);
        Assert.Equal(recommender.Recommend(2, 8, key => key % 3 != 0), many[2]);
    }

    [Fact]
    public void RecommendForNewUser_RunsTheUserEncoderOnItsFeatures()
    {
        // Features (0, 3) normalise to (0, 1) = 90°, so the ranking is user 2's: 5, 4.
        var recommender = Create(ItemIndexKind.Exact);

        var result = recommender.RecommendForNewUser(new NewUserRow { UserFeatures = [0f, 3f] }, 2);

        Assert.Equal([5u, 4u], result.Select(r => r.ItemKey));
        Assert.Equal(1f, result[0].Score, 1e-6f);
    }

    [Fact]
    public void Recommend_SuppliedEmbedding_ExcludesGivenItems()
    {
        var recommender = Create(ItemIndexKind.Exact);

        var result = recommender.Recommend(Unit(40), 2, excludedItems: new HashSet<uint> { 3 });

        // 40° sits between 20° and 60° (both cos 20° ≈ .94); with 3 excluded those two come first, 20° on key order.
        Assert.Equal([2u, 4u], result.Select(r => r.ItemKey));
    }

    [Fact]
    public void Recommend_UnknownUser_ThrowsPointingToNewUserApi()
    {
        var recommender = Create(ItemIndexKind.Exact);

        var error = Assert.Throws<ArgumentException>(() => recommender.Recommend(9, 3));

        Assert.Contains("User key 9", error.Message);
        Assert.Contains("RecommendForNewUser", error.Message);
    }

    [Fact]
    public void CreateRecommender_UserEmbeddingWithNaN_ThrowsNamingRow()
    {
        var items = Items(_ml, ItemVectors);
        using var index = _ml.Ranking.BuildItemIndex(ItemEncoder(_ml, items), items);
        var users = Users(_ml, [Unit(0), [float.NaN, 1f]]);

        var error = Assert.Throws<ArgumentException>(() =>
            _ml.Ranking.CreateRecommender(UserEncoder(_ml, users), index, users));

        Assert.Contains("'UserEmbedding' row 1", error.Message);
    }

    [Fact]
    public void Options_Defaults_ArePinned()
    {
        var options = new ItemRecommenderOptions();

        Assert.Equal("UserId", options.UserIdColumnName);
        Assert.Equal("UserEmbedding", options.UserEmbeddingColumnName);
        Assert.Equal("ItemId", options.ItemIdColumnName);
    }
}
