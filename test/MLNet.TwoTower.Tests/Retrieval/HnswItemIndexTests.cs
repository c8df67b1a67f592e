using Microsoft.ML;
using MLNet.TwoTower.Retrieval;
using static MLNet.TwoTower.Tests.Retrieval.RetrievalFixtures;

namespace MLNet.TwoTower.Tests.Retrieval;

public class HnswItemIndexTests
{
    [Fact]
    public void Search_ClusteredCatalogue_RecallAtTenAboveFloor()
    {
        // 3,000 clustered 16-d items, default M=16 / efSearch=320: HNSW finds ≳ 0.97 of the true top-10 here;
        // 0.9 is a floor that still catches a wrong metric (L2 vs inner product) or a broken key mapping, which give ≈ 0.
        var ml = new MLContext(seed: 1);
        var items = ClusteredUnitVectors(3000, 16, clusters: 30, seed: 11);
        var queries = ClusteredUnitVectors(100, 16, clusters: 30, seed: 11).Select(q => q.Reverse().ToArray()).ToArray();
        using var index = BuildIndex(ml, items, ItemIndexKind.Hnsw);
        Assert.Equal(ItemIndexKind.Hnsw, index.Kind);

        double hits = 0;
        var results = index.Search(queries, 10);
        for (int q = 0; q < queries.Length; q++)
            hits += results[q].Select(r => r.ItemKey).Intersect(NaiveTopK(items, queries[q], 10)).Count();

        Assert.True(hits / (queries.Length * 10) >= 0.9, $"recall@10 = {hits / (queries.Length * 10):F3}");
    }

    [Fact]
    public void Search_Score_IsDotProduct()
    {
        var ml = new MLContext(seed: 1);
        var items = RandomUnitVectors(50, 8, seed: 2);
        var query = RandomUnitVectors(1, 8, seed: 3)[0];
        using var index = BuildIndex(ml, items, ItemIndexKind.Hnsw);

        foreach (var hit in index.Search(query, 5))
            Assert.Equal(Dot(items[hit.ItemKey - 1], query), hit.Score, 1e-5f);
    }

    [Fact]
    public void Search_FilterRejectingMostItems_StillReturnsKAcceptedItems()
    {
        // Only every 25th item passes (40 of 1,000); the first fetch of 4·k = 40 candidates holds ~2 of them, so the
        // index must refetch wider until 10 pass. Exact search over the accepted items gives the expected set.
        var ml = new MLContext(seed: 1);
        var items = RandomUnitVectors(1000, 8, seed: 4);
        var query = RandomUnitVectors(1, 8, seed: 5)[0];
        using var index = BuildIndex(ml, items, ItemIndexKind.Hnsw);
        static bool Rare(uint key) => key % 25 == 0;

        var result = index.Search(query, 10, Rare);

        Assert.Equal(10, result.Length);
        Assert.All(result, r => Assert.True(Rare(r.ItemKey)));
        Assert.True(result.Select(r => r.ItemKey).Intersect(NaiveTopK(items, query, 10, Rare)).Count() >= 9);
    }

    [Fact]
    public void Search_KLargerThanCatalogue_ReturnsWholeCatalogue()
    {
        var ml = new MLContext(seed: 1);
        var items = RandomUnitVectors(30, 4, seed: 6);
        var query = RandomUnitVectors(1, 4, seed: 7)[0];
        using var index = BuildIndex(ml, items, ItemIndexKind.Hnsw);

        var result = index.Search(query, 100);

        Assert.Equal(Enumerable.Range(1, 30).Select(i => (uint)i), result.Select(r => r.ItemKey).Order());
        Assert.Equal(result.Select(r => r.Score).OrderDescending(), result.Select(r => r.Score));
    }

    [Fact]
    public void Build_SameCatalogueTwiceWithOneBuildThread_GivesIdenticalResults()
    {
        // BuildThreads = 1 (the default) inserts in catalogue order, so the graph, and every approximate answer,
        // is reproducible.
        var ml = new MLContext(seed: 1);
        var items = ClusteredUnitVectors(1500, 8, clusters: 15, seed: 8);
        var queries = RandomUnitVectors(50, 8, seed: 9);
        using var first = BuildIndex(ml, items, ItemIndexKind.Hnsw);
        using var second = BuildIndex(ml, items, ItemIndexKind.Hnsw);

        var a = first.Search(queries, 10);
        var b = second.Search(queries, 10);

        for (int q = 0; q < queries.Length; q++)
            Assert.Equal(a[q], b[q]);
    }

    [Fact]
    public void Search_VectorsWithADominantSharedCoordinate_FindsThePersonalTopTen()
    {
        // The shape of the trainer's augmented embeddings: a small normalised part that differs per user and item,
        // and an appended coordinate (an item's bias or popularity prior) that every user reads with the same weight
        // and that carries most of the score. Inner-product search must still find the exact top-10 (≳ 0.99 here;
        // a wrong metric or key mapping gives ≈ 0).
        var ml = new MLContext(seed: 1);
        var random = new Random(21);
        var latent = ClusteredUnitVectors(5000, 16, clusters: 40, seed: 22);
        var items = latent.Select(z => z.Select(v => 0.3f * v).Append((float)random.NextDouble()).ToArray()).ToArray();
        var queries = ClusteredUnitVectors(200, 16, clusters: 40, seed: 23).Select(z => z.Select(v => 0.3f * v).Append(0.2f).ToArray()).ToArray();
        var data = Items(ml, items);
        // The vectors as they are (the fixtures' encoder would normalise them away).
        var model = ml.Transforms.CopyColumns("ItemEmbedding", "ItemFeatures").Fit(data);
        using var index = ml.Ranking.BuildItemIndex(model, data, new ItemIndexOptions { Kind = ItemIndexKind.Hnsw, ExpansionSearch = 64 });

        double hits = 0;
        var results = index.Search(queries, 10);
        for (int q = 0; q < queries.Length; q++)
            hits += results[q].Select(r => r.ItemKey).Intersect(NaiveTopK(items, queries[q], 10)).Count();

        Assert.True(hits / (queries.Length * 10) >= 0.9, $"recall@10 = {hits / (queries.Length * 10):F3}");
    }
}
