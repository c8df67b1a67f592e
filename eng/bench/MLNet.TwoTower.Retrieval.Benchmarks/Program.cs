using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Retrieval.Benchmarks;

// Usage: dotnet run -c Release -- [sizes=10000,100000] [M=16] [efConstruction=128] [efSearch=32,64,128] [buildThreads=cores]
// Builds an exact and an HNSW index over the same catalogue, then prints build time, file size, queries/s on one
// thread and on every core, and recall@10 against exact search, with ratios against exact.
var sizes = Arg(0, "10000,100000").Split(',').Select(int.Parse).ToArray();
int connectivity = int.Parse(Arg(1, "16"));
int expansionAdd = int.Parse(Arg(2, "128"));
var expansionSearches = Arg(3, "32,64,128").Split(',').Select(int.Parse).ToArray();
int buildThreads = int.Parse(Arg(4, Environment.ProcessorCount.ToString()));
const int Dimension = 64, K = 10;
int cores = Environment.ProcessorCount;

IEmbeddingSource source = new SphericalGaussianMixture();
Console.WriteLine($"Embeddings: {source.Name}, {Dimension}-d. Cores: {cores}. HNSW M={connectivity}, efConstruction={expansionAdd}, build threads={buildThreads}.");
Console.WriteLine();
Console.WriteLine("| items | index | build s | size MB | q/s 1 thread | q/s ×exact | q/s " + cores + " threads | q/s ×exact | recall@10 |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");

var ml = new MLContext(seed: 42);
var folder = Directory.CreateTempSubdirectory("retrieval-bench");
foreach (int n in sizes)
{
    var vectors = source.Items(n, Dimension);
    var items = ml.Data.LoadFromEnumerable(Enumerable.Range(0, n).Select(i => new ItemRow
    {
        ItemKey = (uint)i,
        ItemEmbedding = vectors.AsSpan(i * Dimension, Dimension).ToArray(),
    }), SchemaFor(n));
    // The catalogue already holds the embeddings, so the "model" is a pass-through; a trained tower drops in here.
    ITransformer model = ml.Transforms.CopyColumns("ItemEmbeddingCopy", "ItemEmbedding").Fit(items);

    int queryCount = n >= 1_000_000 ? 500 : 1000;
    var queryBlock = source.Queries(queryCount, Dimension);
    var queries = Enumerable.Range(0, queryCount).Select(q => queryBlock.AsSpan(q * Dimension, Dimension).ToArray()).ToArray();

    var (exact, exactBuild) = Time(() => ml.Ranking.BuildItemIndex(model, items, new ItemIndexOptions { Kind = ItemIndexKind.Exact }));
    var truth = exact.Search(queries, K);
    var exactRow = Measure(exact, queries, truth);
    Print(n, "exact", exactBuild, Size(exact), exactRow, exactRow);

    var (hnsw, hnswBuild) = Time(() => ml.Ranking.BuildItemIndex(model, items, new ItemIndexOptions
    {
        Kind = ItemIndexKind.Hnsw, Connectivity = connectivity, ExpansionAdd = expansionAdd, BuildThreads = buildThreads,
    }));
    var path = Path.Combine(folder.FullName, $"hnsw-{n}.items");
    hnsw.Save(path);
    long hnswSize = new FileInfo(path).Length;
    hnsw.Dispose();
    foreach (int ef in expansionSearches)
    {
        using var loaded = ml.Ranking.LoadItemIndex(path, model, items.Schema, new ItemIndexOptions { ExpansionSearch = ef });
        Print(n, $"HNSW efSearch={ef}", hnswBuild, hnswSize, Measure(loaded, queries, truth), exactRow);
    }
    exact.Dispose();
    File.Delete(path);
}
folder.Delete(recursive: true);

string Arg(int i, string fallback) => args.Length > i ? args[i] : fallback;

static (T, double) Time<T>(Func<T> work)
{
    var watch = Stopwatch.StartNew();
    var result = work();
    return (result, watch.Elapsed.TotalSeconds);
}

long Size(IItemIndex index)
{
    var path = Path.Combine(folder.FullName, "size.items");
    index.Save(path);
    long length = new FileInfo(path).Length;
    File.Delete(path);
    return length;
}

static (double Single, double Parallel, double Recall) Measure(IItemIndex index, float[][] queries, ScoredItem[][] truth)
{
    // Exact search at 1M is slow: time single-threaded queries on a prefix that takes a few seconds at most.
    int singleCount = index.Kind == ItemIndexKind.Exact ? Math.Min(queries.Length, Math.Max(20, 20_000_000 / index.Count)) : queries.Length;
    index.Search(queries[0], K);
    var watch = Stopwatch.StartNew();
    for (int q = 0; q < singleCount; q++)
        index.Search(queries[q], K);
    double single = singleCount / watch.Elapsed.TotalSeconds;
    watch.Restart();
    var results = index.Search(queries, K);
    double parallel = queries.Length / watch.Elapsed.TotalSeconds;
    double hits = 0;
    for (int q = 0; q < queries.Length; q++)
    {
        var expected = truth[q].Select(t => t.ItemKey).ToHashSet();
        hits += results[q].Count(r => expected.Contains(r.ItemKey));
    }
    return (single, parallel, hits / (queries.Length * (double)K));
}

static void Print(int n, string name, double build, long size, (double Single, double Parallel, double Recall) row,
    (double Single, double Parallel, double Recall) exact) =>
    Console.WriteLine($"| {n:N0} | {name} | {build:F1} | {size / 1048576.0:F1} | {row.Single:N0} | {row.Single / exact.Single:F1}× | " +
        $"{row.Parallel:N0} | {row.Parallel / exact.Parallel:F1}× | {row.Recall:F3} |");

static SchemaDefinition SchemaFor(int n)
{
    var schema = SchemaDefinition.Create(typeof(ItemRow));
    schema[nameof(ItemRow.ItemKey)].ColumnType = new KeyDataViewType(typeof(uint), n); // LoadFromEnumerable stores POCO value v as key v + 1
    schema[nameof(ItemRow.ItemEmbedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Dimension);
    return schema;
}

internal sealed class ItemRow
{
    public uint ItemKey { get; set; }

    public float[] ItemEmbedding { get; set; } = [];
}
