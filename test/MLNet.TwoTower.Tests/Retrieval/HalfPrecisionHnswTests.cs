using Microsoft.ML;
using MLNet.TwoTower.Retrieval;
using static MLNet.TwoTower.Tests.Retrieval.RetrievalFixtures;

namespace MLNet.TwoTower.Tests.Retrieval;

/// <summary>HNSW over half-precision vectors (<see cref="ItemVectorPrecision.Float16"/>), candidates scored exactly.</summary>
public sealed class HalfPrecisionHnswTests : IDisposable
{
    private readonly TempFolder _temp = new("half-precision-hnsw-tests");
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _temp.Dispose();

    private static ItemIndexOptions Options(ItemVectorPrecision precision, int expansionSearch = 320) => new()
    {
        Kind = ItemIndexKind.Hnsw,
        ItemEmbeddingColumnName = "ItemEmbedding",
        VectorPrecision = precision,
        ExpansionSearch = expansionSearch,
    };

    [Fact]
    public void Search_WideEnoughToSeeEveryItem_GivesExactSearchsAnswerBitForBit()
    {
        // efSearch above the catalogue size makes the graph return every item as a candidate, so the rescored answer
        // must be exact search's: same items, same order (ties by key), same float scores — with and without a filter.
        var items = ClusteredUnitVectors(400, 12, clusters: 8, seed: 41);
        var queries = RandomUnitVectors(30, 12, seed: 42);
        var (data, model) = Catalogue(_ml, items);
        using var half = _ml.Ranking.BuildItemIndex(model, data, Options(ItemVectorPrecision.Float16, expansionSearch: 1000));
        using var exact = _ml.Ranking.BuildItemIndex(model, data, kind: ItemIndexKind.Exact);
        static bool Odd(uint key) => key % 2 == 1;

        foreach (var query in queries)
        {
            Assert.Equal(exact.Search(query, 10), half.Search(query, 10));
            Assert.Equal(exact.Search(query, 7, Odd), half.Search(query, 7, Odd));
        }
        var batch = half.Search(queries, 5);
        for (int q = 0; q < queries.Length; q++)
            Assert.Equal(exact.Search(queries[q], 5), batch[q]);
    }

    [Fact]
    public void Search_DefaultEfSearch_ScoresAreExactDotProductsAndRecallMatchesFloat32()
    {
        var items = ClusteredUnitVectors(3000, 16, clusters: 30, seed: 11);
        var queries = ClusteredUnitVectors(100, 16, clusters: 30, seed: 11).Select(q => q.Reverse().ToArray()).ToArray();
        var (data, model) = Catalogue(_ml, items);
        using var half = _ml.Ranking.BuildItemIndex(model, data, Options(ItemVectorPrecision.Float16));
        using var full = _ml.Ranking.BuildItemIndex(model, data, Options(ItemVectorPrecision.Float32));
        using var exact = _ml.Ranking.BuildItemIndex(model, data, kind: ItemIndexKind.Exact);

        double halfHits = 0, fullHits = 0;
        for (int q = 0; q < queries.Length; q++)
        {
            var truth = NaiveTopK(items, queries[q], 10);
            var exactScores = exact.Search(queries[q], items.Length).ToDictionary(r => r.ItemKey, r => r.Score);
            var found = half.Search(queries[q], 10);
            foreach (var hit in found)
                Assert.Equal(exactScores[hit.ItemKey], hit.Score); // bit for bit: the 32-bit vectors' dot product
            halfHits += found.Select(r => r.ItemKey).Intersect(truth).Count();
            fullHits += full.Search(queries[q], 10).Select(r => r.ItemKey).Intersect(truth).Count();
        }
        // Half precision only decides which candidates the graph walks to; their order is exact. A lost neighbour or
        // two per hundred queries is the most it may cost here.
        Assert.True(halfHits >= fullHits - 2, $"float16 hits {halfHits}, float32 hits {fullHits}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SaveThenLoad_KeepsPrecisionAndResults(bool memoryMap)
    {
        var items = ClusteredUnitVectors(500, 8, clusters: 10, seed: 31);
        var queries = RandomUnitVectors(20, 8, seed: 32);
        var (data, model) = Catalogue(_ml, items);
        var path = _temp.File("half.index");
        ScoredItem[][] before;
        using (var index = _ml.Ranking.BuildItemIndex(model, data, Options(ItemVectorPrecision.Float16)))
        {
            before = index.Search(queries, 10);
            index.Save(path);
        }
        using (var full = _ml.Ranking.BuildItemIndex(model, data, Options(ItemVectorPrecision.Float32)))
        {
            full.Save(_temp.File("full.index"));
        }

        using var loaded = _ml.Ranking.LoadItemIndex(path, model, data.Schema, memoryMap: memoryMap);

        Assert.Equal(ItemVectorPrecision.Float16, ((HnswItemIndex)loaded).Precision);
        var after = loaded.Search(queries, 10);
        for (int q = 0; q < queries.Length; q++)
            Assert.Equal(before[q], after[q]);
        // The graph stores 2 bytes a value instead of 4, and the 32-bit vectors (4 bytes a value) follow it.
        long extra = new FileInfo(path).Length - new FileInfo(_temp.File("full.index")).Length;
        Assert.InRange(extra, 500 * 8 * 2 - 4096, 500 * 8 * 2 + 4096);
    }

    [Theory]
    [InlineData(-4)]
    [InlineData(-2000)]
    public void Load_TruncatedHalfPrecisionFile_ThrowsInvalidDataSayingTruncated(int dropBytes)
    {
        var (data, model) = Catalogue(_ml, RandomUnitVectors(300, 8, seed: 2));
        var path = _temp.File("half.index");
        using (var index = _ml.Ranking.BuildItemIndex(model, data, Options(ItemVectorPrecision.Float16)))
            index.Save(path);
        AssertTruncatedFileFailsToLoad(_ml, path, model, data.Schema, dropBytes);
    }

    [Fact]
    public void Load_UnknownPrecisionInHeader_ThrowsInvalidData()
    {
        var (data, model) = Catalogue(_ml, RandomUnitVectors(50, 8, seed: 3));
        var path = _temp.File("index");
        using (var index = _ml.Ranking.BuildItemIndex(model, data, Options(ItemVectorPrecision.Float16)))
            index.Save(path);
        var bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(7).CopyTo(bytes, 56); // the precision field
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => _ml.Ranking.LoadItemIndex(path, model, data.Schema));

        Assert.Contains("unknown vector precision", error.Message);
    }

    [Theory]
    [InlineData(ItemIndexKind.Exact)]
    [InlineData(ItemIndexKind.Hnsw)]
    public void Load_Version1File_StillReadsWithTheSameResults(ItemIndexKind kind)
    {
        // Version 1 had a 56-byte header (no precision field); files saved by earlier releases must keep opening.
        var items = ClusteredUnitVectors(300, 8, clusters: 6, seed: 51);
        var queries = RandomUnitVectors(10, 8, seed: 52);
        var (data, model) = Catalogue(_ml, items);
        var path = _temp.File("v2.index");
        ScoredItem[][] before;
        using (var index = _ml.Ranking.BuildItemIndex(model, data, kind: kind))
        {
            before = index.Search(queries, 10);
            index.Save(path);
        }
        var v2 = File.ReadAllBytes(path);
        long payloadOffset = BitConverter.ToInt64(v2, 40);
        var v1 = new byte[v2.Length];
        v2.AsSpan(0, 56).CopyTo(v1);
        BitConverter.GetBytes(1).CopyTo(v1, 8);
        v2.AsSpan(64, (int)payloadOffset - 64).CopyTo(v1.AsSpan(56)); // item table moves up; padding grows by 8 bytes
        v2.AsSpan((int)payloadOffset).CopyTo(v1.AsSpan((int)payloadOffset));
        var v1Path = _temp.File("v1.index");
        File.WriteAllBytes(v1Path, v1);

        using var loaded = _ml.Ranking.LoadItemIndex(v1Path, model, data.Schema);

        var after = loaded.Search(queries, 10);
        for (int q = 0; q < queries.Length; q++)
            Assert.Equal(before[q], after[q]);
    }

    [Fact]
    public void Options_UndefinedPrecision_IsRefusedBeforeAnyWork()
    {
        var (data, model) = Catalogue(_ml, RandomUnitVectors(20, 4, seed: 4));
        var options = Options((ItemVectorPrecision)5);

        var error = Assert.Throws<ArgumentException>(() => _ml.Ranking.BuildItemIndex(model, data, options));

        Assert.Contains("VectorPrecision", error.Message);
    }
}
