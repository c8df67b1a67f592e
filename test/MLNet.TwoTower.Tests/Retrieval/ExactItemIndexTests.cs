using Microsoft.ML;
using MLNet.TwoTower.Retrieval;
using static MLNet.TwoTower.Tests.Retrieval.RetrievalFixtures;

namespace MLNet.TwoTower.Tests.Retrieval;

public class ExactItemIndexTests
{
    [Fact]
    public void Search_ThreeItems_RanksByDotProduct()
    {
        // Items (already unit length): 1 = (1,0), 2 = (0,1), 3 = (0.6,0.8). Query (1,0):
        // scores 1·1 = 1, 0, 0.6 → order 1, 3, 2.
        var ml = new MLContext(seed: 1);
        using var index = BuildIndex(ml, [[1f, 0f], [0f, 1f], [0.6f, 0.8f]], ItemIndexKind.Exact);

        var result = index.Search([1f, 0f], 3);

        Assert.Equal([1u, 3u, 2u], result.Select(r => r.ItemKey));
        Assert.Equal([1f, 0.6f, 0f], result.Select(r => r.Score), (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void Search_RandomCatalogue_MatchesNaiveSort()
    {
        var ml = new MLContext(seed: 1);
        var items = RandomUnitVectors(1000, 16, seed: 7);
        var queries = RandomUnitVectors(20, 16, seed: 8);
        using var index = BuildIndex(ml, items, ItemIndexKind.Exact);

        foreach (var query in queries)
            Assert.Equal(NaiveTopK(items, query, 10), index.Search(query, 10).Select(r => r.ItemKey));
    }

    [Fact]
    public void Search_ManyQueries_MatchesOneAtATime()
    {
        // 37 queries: two full blocks of 16 plus a partial one, so block edges are exercised.
        var ml = new MLContext(seed: 1);
        var items = RandomUnitVectors(700, 8, seed: 3);
        var queries = RandomUnitVectors(37, 8, seed: 4);
        using var index = BuildIndex(ml, items, ItemIndexKind.Exact);

        var batch = index.Search(queries, 5);

        for (int q = 0; q < queries.Length; q++)
            Assert.Equal(NaiveTopK(items, queries[q], 5), batch[q].Select(r => r.ItemKey));
    }

    [Fact]
    public void Search_KLargerThanCatalogue_ReturnsWholeCatalogueBestFirst()
    {
        var ml = new MLContext(seed: 1);
        var items = RandomUnitVectors(7, 4, seed: 5);
        var query = RandomUnitVectors(1, 4, seed: 6)[0];
        using var index = BuildIndex(ml, items, ItemIndexKind.Exact);

        var result = index.Search(query, 50);

        Assert.Equal(NaiveTopK(items, query, 7), result.Select(r => r.ItemKey));
    }

    [Fact]
    public void Search_WithFilter_SkipsRejectedItems()
    {
        var ml = new MLContext(seed: 1);
        var items = RandomUnitVectors(200, 8, seed: 9);
        var query = RandomUnitVectors(1, 8, seed: 10)[0];
        using var index = BuildIndex(ml, items, ItemIndexKind.Exact);
        static bool Odd(uint key) => key % 2 == 1;

        var result = index.Search(query, 10, Odd);

        Assert.Equal(NaiveTopK(items, query, 10, Odd), result.Select(r => r.ItemKey));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Search_KNotPositive_ThrowsNamingK(int k)
    {
        var ml = new MLContext(seed: 1);
        using var index = BuildIndex(ml, RandomUnitVectors(5, 4, seed: 1), ItemIndexKind.Exact);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(new float[4], k));
        Assert.Equal("k", error.ParamName);
    }

    [Fact]
    public void Search_QueryOfWrongWidth_ThrowsNamingBothWidths()
    {
        var ml = new MLContext(seed: 1);
        using var index = BuildIndex(ml, RandomUnitVectors(5, 4, seed: 1), ItemIndexKind.Exact);

        var error = Assert.Throws<ArgumentException>(() => index.Search(new float[3], 2));
        Assert.Contains("width 3", error.Message);
        Assert.Contains("4-wide", error.Message);
    }

    [Theory]
    [InlineData(ItemIndexKind.Exact)]
    [InlineData(ItemIndexKind.Hnsw)]
    public void Search_NaNQuery_ThrowsNamingElement(ItemIndexKind kind)
    {
        var ml = new MLContext(seed: 1);
        using var index = BuildIndex(ml, RandomUnitVectors(5, 3, seed: 1), kind);

        var error = Assert.Throws<ArgumentException>(() => index.Search([0f, float.NaN, 1f], 2));
        Assert.Contains("element 1 is NaN", error.Message);
    }
}
