using System.Numerics.Tensors;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Approximate top-K over a catalogue split into structurally different segments (<see cref="ItemSegmentation"/>):
/// each segment is searched on its own — scanned exactly (<see cref="ExactItemIndex"/>) when small, through an HNSW
/// graph of its own (<see cref="HnswItemIndex"/>) otherwise — and the segments' top-k candidates are merged by their
/// exact 32-bit dot product with <see cref="TopKHeap"/>, so ties go to the lower catalogue ordinal as in exact
/// search. Whenever every segment's candidates hold that segment's true top-k, the answer is exactly
/// <see cref="ExactItemIndex"/>'s. A catalogue that splits into one segment never gets this class: it is a plain
/// <see cref="HnswItemIndex"/>, built and saved as before.
/// </summary>
internal sealed class SegmentedItemIndex : ItemIndexBase
{
    private readonly ItemIndexSegment[] _segments;

    internal SegmentedItemIndex(ItemCatalog catalog, ItemIndexSegment[] segments, int expansionSearch,
        ItemVectorPrecision precision, int searchThreads)
        : base(catalog, searchThreads)
    {
        _segments = segments;
        ExpansionSearch = expansionSearch;
        Precision = precision;
    }

    public override ItemIndexKind Kind => ItemIndexKind.Hnsw;

    /// <summary>The efSearch of every graph segment.</summary>
    internal int ExpansionSearch { get; }

    /// <summary>How the graph segments store their vectors (candidates are always scored with the 32-bit ones).</summary>
    internal ItemVectorPrecision Precision { get; }

    internal IReadOnlyList<ItemIndexSegment> Segments => _segments;

    /// <summary>
    /// Builds one search structure per segment (<see cref="ItemSegmentation.ChooseGraphs"/> decides which get a
    /// graph). Progress counts the whole catalogue: exactly scanned segments at once, then each graph as it grows.
    /// </summary>
    public static SegmentedItemIndex Build(ItemCatalog catalog, float[] vectors, int[][] members, ItemIndexOptions options)
    {
        var graphs = ItemSegmentation.ChooseGraphs(members, options.ExactSearchMaxItems);
        var segments = new ItemIndexSegment?[members.Length];
        int d = catalog.Dimension, done = 0;
        try
        {
            // Exact segments first: they are ready at once, so the reported count never goes backwards.
            foreach (int s in Enumerable.Range(0, members.Length).OrderBy(s => graphs[s]))
            {
                var segmentVectors = new float[(long)members[s].Length * d];
                for (int i = 0; i < members[s].Length; i++)
                    vectors.AsSpan(members[s][i] * d, d).CopyTo(segmentVectors.AsSpan(i * d, d));
                var segmentCatalog = ItemIndexSegment.CatalogOf(catalog, members[s].Length);
                int before = done;
                var progress = options.Progress is { } outer
                    ? new SynchronousProgress(p => outer.Report(new ItemIndexBuildProgress(before + p.ItemsAdded, catalog.Count)))
                    : null;
                ItemIndexBase index = graphs[s]
                    ? HnswItemIndex.Build(segmentCatalog, segmentVectors, options.WithProgress(progress))
                    : new ExactItemIndex(segmentCatalog, segmentVectors, options.SearchThreads);
                segments[s] = new ItemIndexSegment(members[s], segmentVectors, index);
                done += members[s].Length;
                if (!graphs[s])
                    options.Progress?.Report(new ItemIndexBuildProgress(done, catalog.Count));
            }
        }
        catch
        {
            foreach (var segment in segments)
                segment?.Index.Dispose();
            throw;
        }
        return new SegmentedItemIndex(catalog, [.. segments.Select(s => s!)], options.ExpansionSearch, options.VectorPrecision,
            options.SearchThreads);
    }

    public override void Save(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        // USearch writes only to a path; stage each graph beside the target (same file system), then embed them.
        var graphFiles = new string?[_segments.Length];
        try
        {
            for (int s = 0; s < _segments.Length; s++)
            {
                if (_segments[s].Index is HnswItemIndex graph)
                {
                    graphFiles[s] = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.{s}.usearch.tmp");
                    graph.SaveGraph(graphFiles[s]!, fullPath);
                }
            }
            ItemIndexFile.SaveSegmented(fullPath, Catalog, ExpansionSearch, Precision, _segments, graphFiles);
        }
        finally
        {
            foreach (var file in graphFiles)
                if (file is not null && File.Exists(file))
                    File.Delete(file);
        }
    }

    public override void Dispose()
    {
        foreach (var segment in _segments)
            segment.Index.Dispose();
    }

    protected override ScoredItem[] SearchOne(ReadOnlySpan<float> query, int k, Func<uint, bool>? accept)
    {
        var heap = new TopKHeap(k);
        foreach (var segment in _segments)
        {
            var hits = segment.Index.Search(query, Math.Min(k, segment.Count), accept is null ? null : key => accept(GlobalKey(segment, key)));
            Merge(query, segment, hits, heap);
        }
        return ToResults(heap);
    }

    protected override ScoredItem[][] SearchMany(IReadOnlyList<float[]> queries, int k, Func<int, uint, bool>? accept)
    {
        // Each segment answers the whole batch with its own batch path (exact search's tiles, the graphs' threads),
        // then each query's candidates are merged.
        var perSegment = Array.ConvertAll(_segments, segment => segment.Index.Search(queries, Math.Min(k, segment.Count),
            accept is null ? null : (q, key) => accept(q, GlobalKey(segment, key))));
        var results = new ScoredItem[queries.Count][];
        var options = new ParallelOptions { MaxDegreeOfParallelism = SearchThreads };
        Parallel.For(0, queries.Count, options, q =>
        {
            var heap = new TopKHeap(k);
            for (int s = 0; s < _segments.Length; s++)
                Merge(queries[q], _segments[s], perSegment[s][q], heap);
            results[q] = ToResults(heap);
        });
        return results;
    }

    /// <summary>The catalogue key of the item a segment's index calls <paramref name="segmentKey"/>.</summary>
    private uint GlobalKey(ItemIndexSegment segment, uint segmentKey) => Catalog.Keys[segment.Members[segmentKey - 1]];

    /// <summary>Pushes a segment's candidates with their exact score and catalogue ordinal (exact search's tie order).</summary>
    private void Merge(ReadOnlySpan<float> query, ItemIndexSegment segment, ScoredItem[] hits, TopKHeap heap)
    {
        int d = Dimension;
        foreach (var hit in hits)
        {
            int local = (int)hit.ItemKey - 1;
            int ordinal = segment.Members[local];
            float score = TensorPrimitives.Dot(query, segment.Vectors.AsSpan(local * d, d));
            if (heap.Admits(score, ordinal))
                heap.Push(score, ordinal);
        }
    }

    private ScoredItem[] ToResults(TopKHeap heap) =>
        Array.ConvertAll(heap.DrainBestFirst(), hit => Catalog.Result(hit.Ordinal, hit.Score));

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<ItemIndexBuildProgress> report) : IProgress<ItemIndexBuildProgress>
    {
        public void Report(ItemIndexBuildProgress value) => report(value);
    }
}
