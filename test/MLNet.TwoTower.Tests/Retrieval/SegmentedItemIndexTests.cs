using Microsoft.ML;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Training;
using static MLNet.TwoTower.Tests.Retrieval.RetrievalFixtures;

namespace MLNet.TwoTower.Tests.Retrieval;

/// <summary>
/// Approximate search over a catalogue split by <see cref="ItemSegmentation"/>. Regression guard for the HNSW recall
/// collapse of 2 Dec 2026 (issue 11 §2; retrieval benchmark README): with the trainer's popularity prior, trained items
/// carry a large appended coordinate that new items hold at exactly 0, and one graph over both missed most of the
/// exact top-10 at every efSearch.
/// </summary>
public sealed class SegmentedItemIndexTests : IDisposable
{
    private const int FreshItems = 4000;
    private const int TrainedItems = 40;

    private readonly TempFolder _temp = new("segmented-index-tests");
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// The island shape, small: 4,000 "new" items <c>[z ‖ 0]</c> around 4 centres, then 40 "trained" items
    /// <c>[z ‖ p]</c> whose z point away from them (a learned id moves an item's embedding away from the unknown-id
    /// row every new item shares) and whose prior p is 2–5. Queries <c>[z ‖ 0.45]</c> lie near the new items, so a
    /// trained item scores about −0.5 + 0.45·p (up to 1.75) and a new one at most 1: the exact top-10 are trained
    /// items, which no new item links to in an inner-product graph (their dot product is about −0.5).
    /// </summary>
    private static (float[][] Items, float[][] Queries) IslandCatalogue()
    {
        var random = new Random(5);
        var fresh = ClusteredUnitVectors(FreshItems, 16, clusters: 4, seed: 61).Select(z => z.Append(0f).ToArray());
        var trained = ClusteredUnitVectors(TrainedItems, 16, clusters: 4, seed: 61)
            .Select(z => z.Select(x => -x).Append(2f + 3f * (float)random.NextDouble()).ToArray());
        var queries = ClusteredUnitVectors(100, 16, clusters: 4, seed: 61).Select(z => z.Append(0.45f).ToArray()).ToArray();
        return ([.. fresh, .. trained], queries);
    }

    /// <summary>The vectors as they are (the fixtures' encoder would normalise the appended coordinate away).</summary>
    private (IDataView Data, ITransformer Model) Unnormalised(float[][] items)
    {
        var data = Items(_ml, items);
        return (data, _ml.Transforms.CopyColumns("ItemEmbedding", "ItemFeatures").Fit(data));
    }

    private static ItemIndexOptions HnswOptions(ItemVectorPrecision precision = ItemVectorPrecision.Float32, int exactSearchMaxItems = 100_000,
        int expansionSearch = 64) => new()
    {
        Kind = ItemIndexKind.Hnsw,
        ExpansionSearch = expansionSearch,
        VectorPrecision = precision,
        ExactSearchMaxItems = exactSearchMaxItems,
    };

    private static double Recall(IItemIndex index, IItemIndex exact, float[][] queries)
    {
        double hits = 0;
        var found = index.Search(queries, 10);
        for (int q = 0; q < queries.Length; q++)
            hits += found[q].Select(r => r.ItemKey).Intersect(exact.Search(queries[q], 10).Select(r => r.ItemKey)).Count();
        return hits / (queries.Length * 10.0);
    }

    private static bool EveryThird(uint key) => key % 3 == 0;

    [Fact]
    public void Split_TrainedItemsWithAPrior_TwoSegmentsNewItemsFirst()
    {
        var (items, _) = IslandCatalogue();

        var segments = ItemSegmentation.Split(items.SelectMany(v => v).ToArray(), items.Length, 17);

        Assert.Equal(2, segments.Length);
        Assert.Equal(Enumerable.Range(0, FreshItems), segments[0]);
        Assert.Equal(Enumerable.Range(FreshItems, TrainedItems), segments[1]);
    }

    [Fact]
    public void Split_DenseVectors_OneSegment()
    {
        var items = ClusteredUnitVectors(500, 8, clusters: 5, seed: 3);

        var segments = ItemSegmentation.Split(items.SelectMany(v => v).ToArray(), items.Length, 8);

        Assert.Equal([Enumerable.Range(0, 500).ToArray()], segments);
    }

    [Fact]
    public void Split_MorePatternsThanMaxSegments_OneSegment()
    {
        // Coordinate j is zero in item i when bit j of i is set: 16 patterns over 4 coordinates, more than the cap of 8,
        // as in embeddings that are sparse everywhere. (With coordinates 0–2 only, 8 patterns would make 8 segments.)
        var items = Enumerable.Range(0, 64).Select(i => Enumerable.Range(0, 6).Select(j => j < 4 && (i >> j & 1) == 1 ? 0f : 1f + j).ToArray()).ToArray();
        var threeCoordinates = items.Select(v => v.Select((x, j) => j == 3 ? 1f : x).ToArray()).ToArray();

        Assert.Single(ItemSegmentation.Split(items.SelectMany(v => v).ToArray(), items.Length, 6));
        Assert.Equal(ItemSegmentation.MaxSegments, ItemSegmentation.Split(threeCoordinates.SelectMany(v => v).ToArray(), items.Length, 6).Length);
    }

    [Fact]
    public void ChooseGraphs_LargestGetsAGraph_SmallOnesScannedWithinTheExactBudget()
    {
        int[][] segments = [new int[50], new int[1000], new int[30], new int[40]];

        // Smallest first: 30 + 40 = 70 ≤ 80 are scanned; adding 50 would pass 80, so that one gets a graph too.
        Assert.Equal([true, true, false, false], ItemSegmentation.ChooseGraphs(segments, exactSearchMaxItems: 80));
        Assert.Equal([false, true, false, false], ItemSegmentation.ChooseGraphs(segments, exactSearchMaxItems: 120));
        Assert.Equal([true, true, true, true], ItemSegmentation.ChooseGraphs(segments, exactSearchMaxItems: 0));
    }

    [Fact]
    public void Search_IslandCatalogue_OneGraphMissesWhereSegmentsGiveExactSearchsAnswer()
    {
        var (items, queries) = IslandCatalogue();
        var (data, model) = Unnormalised(items);
        using var exact = _ml.Ranking.BuildItemIndex(model, data, new ItemIndexOptions { Kind = ItemIndexKind.Exact });
        using var plain = ItemIndexFactory.Build(model, data, HnswOptions(), segment: false);
        using var segmented = _ml.Ranking.BuildItemIndex(model, data, HnswOptions());

        // The premise: one graph over both shapes misses (0.60 here when written; a test of nothing if it stopped missing).
        Assert.IsType<HnswItemIndex>(plain);
        double plainRecall = Recall(plain, exact, queries);
        Assert.True(plainRecall < 0.9, $"one graph's recall@10 is {plainRecall:F3}; the island catalogue no longer shows the collapse");

        Assert.Equal(ItemIndexKind.Hnsw, segmented.Kind);
        var parts = Assert.IsType<SegmentedItemIndex>(segmented).Segments;
        Assert.Equal([FreshItems, TrainedItems], parts.Select(s => s.Count));
        Assert.IsType<HnswItemIndex>(parts[0].Index);
        Assert.IsType<ExactItemIndex>(parts[1].Index);
        AssertSameAsExact(segmented, exact, queries);
    }

    [Theory]
    [InlineData(ItemVectorPrecision.Float32)]
    [InlineData(ItemVectorPrecision.Float16)]
    public void Search_TopKFromBothSegments_MergedExactlyAsExactSearch(ItemVectorPrecision precision)
    {
        // Queries that read the prior with 0.3 instead of 0.45: a trained item scores about −0.5 + 0.3·p (0.1–1.0) and
        // a new one up to 1, so the top-20 mixes both segments. efSearch above the graph segment's 4,000 items makes
        // the graph return all of them as candidates, so what this checks is the merge: segment keys mapped back to
        // catalogue keys, exact 32-bit scores (a float32 graph's own 1 − distance differs in the last bits), exact
        // search's tie order — single and batch, with and without a filter.
        var (items, _) = IslandCatalogue();
        var queries = ClusteredUnitVectors(50, 16, clusters: 4, seed: 61).Select(z => z.Append(0.3f).ToArray()).ToArray();
        var (data, model) = Unnormalised(items);
        using var exact = _ml.Ranking.BuildItemIndex(model, data, new ItemIndexOptions { Kind = ItemIndexKind.Exact });
        using var segmented = _ml.Ranking.BuildItemIndex(model, data, HnswOptions(precision, expansionSearch: 5000));

        var results = segmented.Search(queries, 20);
        Assert.Contains(results, r => r.Any(hit => hit.ItemKey <= FreshItems)); // the premise: both segments contribute
        Assert.Contains(results, r => r.Any(hit => hit.ItemKey > FreshItems));
        for (int q = 0; q < queries.Length; q++)
        {
            Assert.Equal(exact.Search(queries[q], 20), results[q]);
            Assert.Equal(exact.Search(queries[q], 20, EveryThird), segmented.Search(queries[q], 20, EveryThird));
        }
    }

    [Theory]
    [InlineData(ItemVectorPrecision.Float32, true)]
    [InlineData(ItemVectorPrecision.Float32, false)]
    [InlineData(ItemVectorPrecision.Float16, true)]
    public void SaveThenLoad_IslandCatalogue_StillExactSearchsAnswer(ItemVectorPrecision precision, bool memoryMap)
    {
        var (items, queries) = IslandCatalogue();
        var (data, model) = Unnormalised(items);
        using var exact = _ml.Ranking.BuildItemIndex(model, data, new ItemIndexOptions { Kind = ItemIndexKind.Exact });
        var path = _temp.File("segmented.items");
        using (var built = _ml.Ranking.BuildItemIndex(model, data, HnswOptions(precision)))
            built.Save(path);

        using var loaded = _ml.Ranking.LoadItemIndex(path, model, data.Schema, new ItemIndexOptions { ExpansionSearch = 64 }, memoryMap);

        var segmented = Assert.IsType<SegmentedItemIndex>(loaded);
        Assert.Equal(precision, segmented.Precision);
        Assert.Equal(64, segmented.ExpansionSearch);
        AssertSameAsExact(loaded, exact, queries);
        Assert.Single(Directory.GetFiles(_temp.Path)); // no staged graph left behind
    }

    [Fact]
    public void SaveThenLoad_EverySegmentAGraph_SameResultsAndEfSearchOverride()
    {
        // ExactSearchMaxItems 0 gives the 40 trained items a graph of their own too: two graphs in one file.
        var (items, queries) = IslandCatalogue();
        var (data, model) = Unnormalised(items);
        var path = _temp.File("two-graphs.items");
        ScoredItem[][] before;
        using (var built = _ml.Ranking.BuildItemIndex(model, data, HnswOptions(exactSearchMaxItems: 0)))
        {
            Assert.All(((SegmentedItemIndex)built).Segments, s => Assert.IsType<HnswItemIndex>(s.Index));
            before = built.Search(queries, 10, (_, key) => EveryThird(key));
            built.Save(path);
        }

        using var loaded = _ml.Ranking.LoadItemIndex(path, model, data.Schema);
        using var wider = _ml.Ranking.LoadItemIndex(path, model, data.Schema, new ItemIndexOptions { ExpansionSearch = 200 });

        var after = loaded.Search(queries, 10, (_, key) => EveryThird(key));
        for (int q = 0; q < queries.Length; q++)
            Assert.Equal(before[q], after[q]);
        Assert.Equal(64, ((SegmentedItemIndex)loaded).ExpansionSearch); // the saved efSearch
        Assert.Equal(200, ((SegmentedItemIndex)wider).ExpansionSearch);
    }

    [Fact]
    public void Build_OneSegmentCatalogue_IsAPlainGraphSavedAsVersion2()
    {
        // Dense vectors must be indexed and saved exactly as before segmentation existed: earlier releases read the file.
        var (data, model) = Catalogue(_ml, ClusteredUnitVectors(300, 8, clusters: 6, seed: 4));
        var path = _temp.File("plain.items");
        using (var index = _ml.Ranking.BuildItemIndex(model, data, HnswOptions()))
        {
            Assert.IsType<HnswItemIndex>(index);
            index.Save(path);
        }

        Assert.Equal(2, BitConverter.ToInt32(File.ReadAllBytes(path), 8));
    }

    [Fact]
    public void Save_SegmentedIndex_WritesVersion3StoringOnlyTheVectorsNoGraphHolds()
    {
        // Float32: the 4,000-item graph stores its own vectors, so next to one graph over every item the file adds only
        // the segment table (4 bytes an item), the 40 scanned items' vectors (2,720 bytes) and page padding, far less
        // than a second copy of the graph's vectors would (4,000 × 17 × 4 = 272,000 bytes). Float16 files carry the
        // 32-bit vectors either way.
        var (items, _) = IslandCatalogue();
        var (data, model) = Unnormalised(items);
        long Size(ItemVectorPrecision precision, bool segment)
        {
            var path = _temp.File($"{precision}-{segment}.items");
            using (var index = ItemIndexFactory.Build(model, data, HnswOptions(precision), segment))
                index.Save(path);
            Assert.Equal(segment ? 3 : 2, BitConverter.ToInt32(File.ReadAllBytes(path), 8));
            long size = new FileInfo(path).Length;
            File.Delete(path);
            return size;
        }

        long plain = Size(ItemVectorPrecision.Float32, segment: false), segmented = Size(ItemVectorPrecision.Float32, segment: true);
        long plainHalf = Size(ItemVectorPrecision.Float16, segment: false), segmentedHalf = Size(ItemVectorPrecision.Float16, segment: true);

        long allowed = 4L * items.Length + 4 * 4096;
        Assert.InRange(segmented - plain, 0, allowed);
        Assert.InRange(segmentedHalf - plainHalf, 0, allowed);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-5000)]
    [InlineData(-300_000)]
    public void Load_TruncatedSegmentedFile_ThrowsInvalidDataSayingTruncated(int dropBytes)
    {
        var (_, data, model, path) = SavedIsland();
        RetrievalFixtures.AssertTruncatedFileFailsToLoad(_ml, path, model, data.Schema, dropBytes);
    }

    /// <summary>The island catalogue's segmented index, saved.</summary>
    private (float[][] Items, IDataView Data, ITransformer Model, string Path) SavedIsland()
    {
        var (items, _) = IslandCatalogue();
        var (data, model) = Unnormalised(items);
        var path = _temp.File("segmented.items");
        using (var index = _ml.Ranking.BuildItemIndex(model, data, HnswOptions()))
            index.Save(path);
        return (items, data, model, path);
    }

    [Theory]
    [InlineData(0, 99, "segments")] // segment count
    [InlineData(8, 5, "impossible values")] // the first segment's search kind (after the count and its item count)
    [InlineData(52, 7, "out of range, repeated or out of order")] // the first member ordinal (after the 2-entry table)
    public void Load_DamagedSegmentTable_ThrowsInvalidDataNamingTheProblem(int offsetInTable, int value, string expected)
    {
        var (items, data, model, path) = SavedIsland();
        var bytes = File.ReadAllBytes(path);
        int table = 64 + 4 * items.Length; // header, then the item keys (no ids here), then the segment table
        BitConverter.GetBytes(value).CopyTo(bytes, table + offsetInTable);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => _ml.Ranking.LoadItemIndex(path, model, data.Schema));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Build_SegmentedWithProgress_ReportsRisingCountsEndingAtCatalogueSize()
    {
        var (items, _) = IslandCatalogue();
        var (data, model) = Unnormalised(items);
        var reports = new List<ItemIndexBuildProgress>();
        var options = HnswOptions();
        options.Progress = new SynchronousProgress<ItemIndexBuildProgress>(reports.Add);

        using var index = _ml.Ranking.BuildItemIndex(model, data, options);

        Assert.All(reports, r => Assert.Equal(items.Length, r.ItemCount));
        Assert.Equal(reports.Select(r => r.ItemsAdded).Order(), reports.Select(r => r.ItemsAdded));
        Assert.Equal(items.Length, reports[^1].ItemsAdded);
    }

    /// <summary>Single and batch search, with and without a filter, give exact search's answer item for item and bit for bit.</summary>
    private static void AssertSameAsExact(IItemIndex index, IItemIndex exact, float[][] queries)
    {
        foreach (var query in queries)
        {
            Assert.Equal(exact.Search(query, 10), index.Search(query, 10));
            Assert.Equal(exact.Search(query, 7, EveryThird), index.Search(query, 7, EveryThird));
        }
        var batch = index.Search(queries, 10);
        var filtered = index.Search(queries, 5, (q, key) => (key + (uint)q) % 2 == 0);
        for (int q = 0; q < queries.Length; q++)
        {
            Assert.Equal(exact.Search(queries[q], 10), batch[q]);
            Assert.Equal(exact.Search(queries[q], 5, key => (key + (uint)q) % 2 == 0), filtered[q]);
        }
    }
}
