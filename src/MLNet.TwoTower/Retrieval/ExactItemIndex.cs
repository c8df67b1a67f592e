using System.Numerics.Tensors;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Brute-force top-K: the reference implementation. Queries are processed in blocks against tiles of items so a tile
/// stays in cache while every query of the block is scored against it (the CPU analogue of a batched matrix product).
/// </summary>
internal sealed class ExactItemIndex : ItemIndexBase
{
    /// <summary>Items per tile: 256 × 64 floats = 64 KiB, about an L2 slice.</summary>
    private const int ItemTile = 256;

    /// <summary>Queries scored against one tile before moving on.</summary>
    private const int QueryBlock = 16;

    private readonly float[] _vectors;

    public ExactItemIndex(ItemCatalog catalog, float[] vectors, int searchThreads)
        : base(catalog, searchThreads)
    {
        _vectors = vectors;
    }

    public override ItemIndexKind Kind => ItemIndexKind.Exact;

    internal ReadOnlySpan<float> Vectors => _vectors;

    public override void Save(string path) => ItemIndexFile.SaveExact(path, Catalog, _vectors);

    public override void Dispose()
    {
    }

    protected override ScoredItem[] SearchOne(ReadOnlySpan<float> query, int k, Func<uint, bool>? accept)
    {
        var heap = new TopKHeap(k);
        var keys = Catalog.Keys;
        int d = Dimension;
        for (int i = 0; i < keys.Length; i++)
        {
            float score = TensorPrimitives.Dot(query, _vectors.AsSpan(i * d, d));
            if (heap.Admits(score, i) && (accept is null || accept(keys[i])))
                heap.Push(score, i);
        }
        return ToResults(heap);
    }

    protected override ScoredItem[][] SearchMany(IReadOnlyList<float[]> queries, int k, Func<int, uint, bool>? accept)
    {
        var results = new ScoredItem[queries.Count][];
        int blocks = (queries.Count + QueryBlock - 1) / QueryBlock;
        var options = new ParallelOptions { MaxDegreeOfParallelism = SearchThreads };
        Parallel.For(0, blocks, options, block => SearchBlock(queries, block * QueryBlock,
            Math.Min(queries.Count, (block + 1) * QueryBlock), k, accept, results));
        return results;
    }

    private void SearchBlock(IReadOnlyList<float[]> queries, int first, int end, int k,
        Func<int, uint, bool>? accept, ScoredItem[][] results)
    {
        var heaps = new TopKHeap[end - first];
        for (int q = 0; q < heaps.Length; q++)
            heaps[q] = new TopKHeap(k);
        var keys = Catalog.Keys;
        int d = Dimension;
        for (int tile = 0; tile < keys.Length; tile += ItemTile)
        {
            int tileEnd = Math.Min(keys.Length, tile + ItemTile);
            for (int q = first; q < end; q++)
            {
                var query = queries[q].AsSpan();
                var heap = heaps[q - first];
                for (int i = tile; i < tileEnd; i++)
                {
                    float score = TensorPrimitives.Dot(query, _vectors.AsSpan(i * d, d));
                    if (heap.Admits(score, i) && (accept is null || accept(q, keys[i])))
                        heap.Push(score, i);
                }
            }
        }
        for (int q = first; q < end; q++)
            results[q] = ToResults(heaps[q - first]);
    }

    private ScoredItem[] ToResults(TopKHeap heap) =>
        Array.ConvertAll(heap.DrainBestFirst(), hit => Catalog.Result(hit.Ordinal, hit.Score));
}
