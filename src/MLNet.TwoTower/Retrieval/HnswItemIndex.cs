using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Approximate top-K over a USearch HNSW graph with the inner-product metric (distance = 1 − dot, so the score is
/// 1 − distance). USearch keys are item ordinals; the catalogue maps them back to item keys and ids. A graph over
/// half-precision vectors keeps the 32-bit vectors beside it and scores its candidates with them exactly, as
/// <see cref="ExactItemIndex"/> does.
/// </summary>
internal sealed class HnswItemIndex : ItemIndexBase
{
    private readonly UsearchIndexHandle _index;

    /// <summary>
    /// USearch keeps one search context per reserved thread and fails ("Reserve capacity ahead of searches") when
    /// more searches run at once; this gate never lets more than <see cref="ItemIndexBase.SearchThreads"/> in.
    /// </summary>
    private readonly SemaphoreSlim _searchSlots;

    private readonly int _overFetchFactor;

    /// <summary>The 32-bit vectors a half-precision graph's candidates are scored with; null for a 32-bit graph.</summary>
    private readonly float[]? _exactVectors;

    private HnswItemIndex(ItemCatalog catalog, UsearchIndexHandle index, int expansionSearch, int searchThreads, int overFetchFactor,
        float[]? exactVectors)
        : base(catalog, searchThreads)
    {
        _index = index;
        _exactVectors = exactVectors;
        ExpansionSearch = expansionSearch;
        _overFetchFactor = overFetchFactor;
        _searchSlots = new SemaphoreSlim(SearchThreads, SearchThreads);
    }

    public override ItemIndexKind Kind => ItemIndexKind.Hnsw;

    internal int ExpansionSearch { get; }

    internal ItemVectorPrecision Precision => _exactVectors is null ? ItemVectorPrecision.Float32 : ItemVectorPrecision.Float16;

    /// <summary>Inserts every item into a new graph, <see cref="ItemIndexOptions.BuildThreads"/> at a time.</summary>
    public static HnswItemIndex Build(ItemCatalog catalog, float[] vectors, ItemIndexOptions options)
    {
        var nativeOptions = new IndexOptions
        {
            metric_kind = MetricKind.Ip,
            quantization = options.VectorPrecision == ItemVectorPrecision.Float16 ? ScalarKind.Float16 : ScalarKind.Float32,
            dimensions = (ulong)catalog.Dimension,
            connectivity = (ulong)options.Connectivity,
            expansion_add = (ulong)options.ExpansionAdd,
            expansion_search = (ulong)options.ExpansionSearch,
            multi = false,
        };
        var index = UsearchNative.usearch_init(ref nativeOptions, out var error);
        try
        {
            UsearchNative.ThrowIfFailed(error, "create an index");
            // Capacity and add-thread contexts must exist before any add; adding without them fails or reallocates.
            UsearchNative.usearch_reserve(index, (nuint)catalog.Count, out error);
            UsearchNative.ThrowIfFailed(error, $"reserve room for {catalog.Count} items");
            UsearchNative.usearch_change_threads_add(index, (nuint)options.BuildThreads, out error);
            UsearchNative.ThrowIfFailed(error, "reserve add threads");
            int searchThreads = RetrievalDefaults.ResolveThreads(options.SearchThreads);
            UsearchNative.usearch_change_threads_search(index, (nuint)searchThreads, out error);
            UsearchNative.ThrowIfFailed(error, "reserve search threads");

            int d = catalog.Dimension, threads = options.BuildThreads, count = catalog.Count;
            int reportEvery = Math.Max(1, count / 100), added = 0, reported = 0;
            var progress = options.Progress;
            var reportGate = new object();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                // Thread t adds ordinals t, t+threads, …; with one thread that is plain catalogue order.
                for (int i = t; i < count; i += threads)
                {
                    UsearchNative.usearch_add(index, (ulong)i, ref vectors[(long)i * d], ScalarKind.Float32, out var addError);
                    // The message is built only on failure: formatting it for each of a million adds is wasted work.
                    if (addError != IntPtr.Zero)
                        UsearchNative.ThrowIfFailed(addError, $"add item {catalog.Keys[i]}");
                    if (progress is not null)
                    {
                        int done = Interlocked.Increment(ref added);
                        if (done % reportEvery == 0 && done < count)
                        {
                            // With several threads a later count can get here first; never report going backwards.
                            lock (reportGate)
                            {
                                if (done > reported)
                                {
                                    reported = done;
                                    progress.Report(new ItemIndexBuildProgress(done, count));
                                }
                            }
                        }
                    }
                }
            });
            progress?.Report(new ItemIndexBuildProgress(count, count));
            return new HnswItemIndex(catalog, index, options.ExpansionSearch, searchThreads, options.OverFetchFactor,
                options.VectorPrecision == ItemVectorPrecision.Float16 ? vectors : null);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a graph stored in <paramref name="view"/> (a USearch blob inside our file; <paramref name="exactVectors"/>
    /// are the 32-bit vectors saved after a half-precision graph, null after a 32-bit one). With
    /// <paramref name="memoryMap"/> the graph is served from the mapping (nothing copied, pages loaded on demand);
    /// otherwise it is copied into memory and the mapping released.
    /// </summary>
    public static HnswItemIndex Open(ItemCatalog catalog, MemoryMappedFile file, MemoryMappedViewAccessor view,
        long length, float[]? exactVectors, bool memoryMap, bool prefault, int expansionSearch, int searchThreads, int overFetchFactor, string path)
    {
        var empty = new IndexOptions();
        var index = UsearchNative.usearch_init(ref empty, out var error);
        try
        {
            UsearchNative.ThrowIfFailed(error, "create an index");
            var buffer = view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)view.PointerOffset;
            if (memoryMap)
                UsearchNative.usearch_view_buffer(index, buffer, (nuint)length, out error);
            else
                UsearchNative.usearch_load_buffer(index, buffer, (nuint)length, out error);
            if (error != IntPtr.Zero)
                throw new InvalidDataException(
                    $"Item index file '{path}' holds a damaged HNSW graph: {Marshal.PtrToStringUTF8(error)}. Rebuild and save the index again.");

            ulong size = UsearchNative.usearch_size(index, out error);
            UsearchNative.ThrowIfFailed(error, "read the index size");
            ulong dimensions = UsearchNative.usearch_dimensions(index, out error);
            UsearchNative.ThrowIfFailed(error, "read the index width");
            if (size != (ulong)catalog.Count || dimensions != (ulong)catalog.Dimension)
                throw new InvalidDataException(
                    $"Item index file '{path}': the header describes {catalog.Count} items of width {catalog.Dimension}, " +
                    $"but its HNSW graph holds {size} of width {dimensions}. The file is damaged; rebuild and save the index again.");

            int threads = RetrievalDefaults.ResolveThreads(searchThreads);
            // A loaded or viewed graph has no search contexts yet: searching before this fails.
            UsearchNative.usearch_change_threads_search(index, (nuint)threads, out error);
            UsearchNative.ThrowIfFailed(error, "reserve search threads");
            UsearchNative.usearch_change_expansion_search(index, (nuint)expansionSearch, out error);
            UsearchNative.ThrowIfFailed(error, "set the search expansion");

            if (memoryMap)
            {
                if (prefault)
                {
                    // Read one byte of every page now, so the first searches do not each fault in pages of the graph
                    // (a server swapping in a 1M-item package stalled ~200 ms on its first requests without this).
                    int touched = 0;
                    for (long offset = 0; offset < length; offset += Environment.SystemPageSize)
                        touched += Marshal.ReadByte(buffer + (nint)offset);
                    GC.KeepAlive(touched); // the reads are the point; keep the JIT from dropping them
                }
                index.Backing = new MappedRegion(file, view);
            }
            else
            {
                view.Dispose();
                file.Dispose();
            }
            return new HnswItemIndex(catalog, index, expansionSearch, threads, overFetchFactor, exactVectors);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    public override void Save(string path)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        // USearch writes only to a path; stage its graph beside the target (same file system), then embed it in our file.
        var graphFile = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.usearch.tmp");
        try
        {
            SaveGraph(graphFile, fullPath);
            ItemIndexFile.SaveHnsw(fullPath, Catalog, ExpansionSearch, graphFile, _exactVectors);
        }
        finally
        {
            if (File.Exists(graphFile))
                File.Delete(graphFile);
        }
    }

    /// <summary>
    /// The item vectors as 32-bit floats, by ordinal: the ones kept beside a half-precision graph, or, for a 32-bit
    /// graph, a copy of the vectors it stores (bit for bit what it was built from).
    /// </summary>
    internal float[] CopyVectors()
    {
        if (_exactVectors is not null)
            return _exactVectors;
        int d = Dimension;
        var vectors = new float[(long)Count * d];
        for (int i = 0; i < Count; i++)
        {
            var found = UsearchNative.usearch_get(_index, (ulong)i, 1, ref vectors[(long)i * d], ScalarKind.Float32, out var error);
            if (error != IntPtr.Zero)
                UsearchNative.ThrowIfFailed(error, $"read the vector of item {Catalog.Keys[i]}");
            if (found != 1)
                throw new InvalidDataException($"The HNSW graph holds no vector for item {Catalog.Keys[i]}; the index is damaged. Rebuild and save it again.");
        }
        return vectors;
    }

    /// <summary>Writes USearch's own serialisation of the graph to <paramref name="graphFile"/> (staged for <paramref name="target"/>).</summary>
    internal void SaveGraph(string graphFile, string target)
    {
        UsearchNative.usearch_save(_index, graphFile, out var error);
        UsearchNative.ThrowIfFailed(error, $"write its graph next to '{target}'");
    }

    public override void Dispose()
    {
        // The native index (and the file mapping it reads) is freed once the last in-flight search has returned.
        _index.Dispose();
    }

    protected override ScoredItem[] SearchOne(ReadOnlySpan<float> query, int k, Func<uint, bool>? accept)
    {
        // Without a filter a 32-bit graph's top-k is the answer. With one, or with half-precision vectors (whose order
        // near the k-th item is approximate), over-fetch, and if too few candidates passed, fetch twice as many, up to
        // the whole catalogue, so k results come back whenever k items pass.
        int fetch = accept is null && _exactVectors is null ? k : (int)Math.Min(Count, (long)k * _overFetchFactor);
        while (true)
        {
            var keys = new ulong[fetch];
            var distances = new float[fetch];
            int found = NativeSearch(query, fetch, keys, distances);
            var results = _exactVectors is null ? FromGraph(keys, distances, found, k, accept) : Rescored(query, keys, found, k, accept);
            if (results.Length >= k || fetch >= Count)
                return results;
            fetch = (int)Math.Min(Count, fetch * 2L);
        }
    }

    /// <summary>The graph's own order and scores (1 − distance), rejected items skipped.</summary>
    private ScoredItem[] FromGraph(ulong[] keys, float[] distances, int found, int k, Func<uint, bool>? accept)
    {
        var results = new List<ScoredItem>(k);
        for (int i = 0; i < found && results.Count < k; i++)
        {
            int ordinal = (int)keys[i];
            if (accept is null || accept(Catalog.Keys[ordinal]))
                results.Add(Catalog.Result(ordinal, 1f - distances[i]));
        }
        return results.ToArray();
    }

    /// <summary>
    /// The best k candidates by their exact 32-bit dot product, with exact search's tie order (lower ordinal first),
    /// so a candidate list that holds the true top-k gives exactly <see cref="ExactItemIndex"/>'s answer.
    /// </summary>
    private ScoredItem[] Rescored(ReadOnlySpan<float> query, ulong[] keys, int found, int k, Func<uint, bool>? accept)
    {
        var heap = new TopKHeap(k);
        int d = Dimension;
        for (int i = 0; i < found; i++)
        {
            int ordinal = (int)keys[i];
            float score = TensorPrimitives.Dot(query, _exactVectors.AsSpan(ordinal * d, d));
            if (heap.Admits(score, ordinal) && (accept is null || accept(Catalog.Keys[ordinal])))
                heap.Push(score, ordinal);
        }
        return Array.ConvertAll(heap.DrainBestFirst(), hit => Catalog.Result(hit.Ordinal, hit.Score));
    }

    protected override ScoredItem[][] SearchMany(IReadOnlyList<float[]> queries, int k, Func<int, uint, bool>? accept)
    {
        var results = new ScoredItem[queries.Count][];
        var options = new ParallelOptions { MaxDegreeOfParallelism = SearchThreads };
        Parallel.For(0, queries.Count, options, q =>
            results[q] = SearchOne(queries[q], k, accept is null ? null : key => accept(q, key)));
        return results;
    }

    private sealed class MappedRegion(MemoryMappedFile file, MemoryMappedViewAccessor view) : IDisposable
    {
        public void Dispose()
        {
            view.Dispose();
            file.Dispose();
        }
    }

    private int NativeSearch(ReadOnlySpan<float> query, int count, ulong[] keys, float[] distances)
    {
        _searchSlots.Wait();
        try
        {
            // count ≥ ef makes USearch widen its candidate list to count, so asking for the whole catalogue returns it.
            var found = UsearchNative.usearch_search(_index, ref Unsafe.AsRef(in MemoryMarshal.GetReference(query)),
                ScalarKind.Float32, (nuint)count, keys, distances, out var error);
            UsearchNative.ThrowIfFailed(error, "search");
            return (int)found;
        }
        finally
        {
            _searchSlots.Release();
        }
    }
}
