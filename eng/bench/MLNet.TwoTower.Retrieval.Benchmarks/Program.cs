using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Retrieval.Benchmarks;
using MLNet.TwoTower.Training;

// Usage: dotnet run -c Release -- [sizes=10000,100000] [HNSW builds as M/efConstruction[/f16] list=16/128] [efSearch list=32,64,128]
//                                 [buildThreads=1] [source=trained|trained-unit|mixture] [output folder=<bin>/results]
// Builds an exact index and one HNSW index per M/efConstruction pair over the same catalogue, then prints build time, file size, queries/s on one
// thread and on every core, and recall@10 against exact search (by ids, and tie-aware), with ratios against exact. Each catalogue size's
// rows are also written to the output folder as CSV and as a PNG chart of recall@10 against queries/s (RetrievalReport).
var sizes = Arg(0, "10000,100000").Split(',').Select(int.Parse).ToArray();
// A build is M/efConstruction, with /f16 for half-precision vectors (candidates rescored with the 32-bit ones) and /plain
// for one graph over the whole catalogue even where the library would split it into segments (ItemSegmentation).
var builds = Arg(1, "16/128").Split(',').Select(build => build.Split('/') switch
{
    [var m, var efc, .. var flags] when flags.All(f => f is "f16" or "plain") && flags.Distinct().Count() == flags.Length =>
        (M: int.Parse(m), EfC: int.Parse(efc), Precision: flags.Contains("f16") ? ItemVectorPrecision.Float16 : ItemVectorPrecision.Float32,
            Plain: flags.Contains("plain")),
    _ => throw new ArgumentException(
        $"HNSW builds are M/efConstruction pairs such as 16/128, optionally followed by /f16 (half precision) and/or /plain (one unsegmented graph); got '{build}'."),
}).ToArray();
var expansionSearches = Arg(2, "32,64,128").Split(',').Select(int.Parse).ToArray();
int buildThreads = int.Parse(Arg(3, "1"));
string sourceName = Arg(4, "trained");
string outputFolder = Path.GetFullPath(Arg(5, Path.Combine(AppContext.BaseDirectory, "results")));
// Each timing runs whole passes over the queries until at least this long, so short runs are not scheduler noise.
const double MinimumTimingSeconds = 3;
const int K = 10;
// An item at least this close to the exact 10th score counts as a hit in the tie-aware recall (ann-benchmarks' epsilon).
const float TieEpsilon = 1e-6f;
int cores = Environment.ProcessorCount;

var cacheFolder = Path.Combine(AppContext.BaseDirectory, "embedding-cache");
Directory.CreateDirectory(cacheFolder);
// trained-unit: the same towers' vectors scaled to unit length, as this benchmark did before 2 Dec 2026 (a different score;
// kept to reproduce the recall collapse measured then).
using var trained = sourceName is "trained" or "trained-unit" ? new TrainedTowerEmbeddings(cacheFolder, unitLength: sourceName == "trained-unit") : null;
IEmbeddingSource source = sourceName switch
{
    "trained" or "trained-unit" => trained!,
    "mixture" => new SphericalGaussianMixture(),
    _ => throw new ArgumentException($"source must be 'trained', 'trained-unit' or 'mixture'; got '{sourceName}'."),
};
if (trained is not null)
{
    var (difference, transformerRate, onnxRate) = trained.CheckAgainstTransformer(2_000);
    Console.WriteLine($"Item tower on 2,000 fresh items: ONNX Runtime batches of 1,024 {onnxRate:N0} items/s (features included) vs the " +
        $"model's ItemTower transformer {transformerRate:N0} items/s ({onnxRate / transformerRate:F1}×); largest difference {difference:G3}.");
}
int dimension = source.Dimension;
Console.WriteLine($"Embeddings: {source.Name}, {dimension}-d. Cores: {cores}. HNSW (M/efConstruction) {string.Join(", ", builds.Select(b => $"{b.M}/{b.EfC}{(b.Precision == ItemVectorPrecision.Float16 ? "/f16" : "")}{(b.Plain ? "/plain" : "")}"))}, build threads={buildThreads}.");

var ml = new MLContext(seed: 42);
var folder = Directory.CreateTempSubdirectory("retrieval-bench");
var queryBlock = source.Queries(1000);
var table = new List<BenchmarkRow>();
foreach (int n in sizes)
{
    Console.WriteLine($"{n:N0} items ({Load()}):");
    var vectors = source.Items(n);
    DescribeZeros(vectors, n, dimension);
    var items = ml.Data.LoadFromEnumerable(Enumerable.Range(0, n).Select(i => new ItemRow
    {
        ItemId = (uint)i,
        ItemEmbedding = vectors.AsSpan(i * dimension, dimension).ToArray(),
    }), ItemRow.Schema(n, dimension));
    // The catalogue already holds the embeddings, so the "model" is a pass-through.
    ITransformer model = ml.Transforms.CopyColumns("ItemEmbeddingCopy", "ItemEmbedding").Fit(items);

    int queryCount = n >= 1_000_000 ? 500 : 1000;
    var queries = Enumerable.Range(0, queryCount).Select(q => queryBlock.AsSpan(q * dimension, dimension).ToArray()).ToArray();

    var (exact, exactBuild) = Time(() => ml.Ranking.BuildItemIndex(model, items, new ItemIndexOptions { Kind = ItemIndexKind.Exact }));
    // One more than K: an 11th item as good as the 10th means the exact top-10 is not unique.
    var truth = exact.Search(queries, K + 1);
    int Tied(float epsilon) => truth.Count(t => t.Length > K && t[K].Score >= t[K - 1].Score - epsilon);
    Console.WriteLine($"  exact top-10 lists with a tie at the 10th score (11th ≥ 10th − {TieEpsilon:G1}): {Tied(TieEpsilon)} of {queryCount}; " +
        $"near-ties (not counted anywhere): 11th within 1e-4 of the 10th {Tied(1e-4f)}, within 1e-3 {Tied(1e-3f)}");
    var exactRow = Measure(exact, queries, truth, vectors, dimension);
    var rows = new List<BenchmarkRow> { new(n, null, exactBuild, Size(exact), exactRow, exactRow) };

    foreach (var (connectivity, expansionAdd, precision, plain) in builds)
    {
        // A line each time another tenth is added (a segmented build reports from an offset, not at round counts).
        int tenthsReported = 0;
        var (hnsw, hnswBuild) = Time(() => ItemIndexFactory.Build(model, items, new ItemIndexOptions
        {
            Kind = ItemIndexKind.Hnsw, Connectivity = connectivity, ExpansionAdd = expansionAdd, BuildThreads = buildThreads, VectorPrecision = precision,
            Progress = new SynchronousProgress<ItemIndexBuildProgress>(p =>
            {
                int tenths = (int)(10L * p.ItemsAdded / p.ItemCount);
                if (tenths > tenthsReported && p.ItemsAdded < p.ItemCount)
                {
                    tenthsReported = tenths;
                    Console.WriteLine($"    {p.ItemsAdded:N0} of {p.ItemCount:N0} added ({Load()})");
                }
            }),
        }, segment: !plain));
        string segments = hnsw is SegmentedItemIndex segmented
            ? string.Join(" + ", segmented.Segments.Select(s => $"{s.Count:N0} {(s.Index is HnswItemIndex ? "graph" : "exact")}"))
            : "one graph";
        Console.WriteLine($"  HNSW M={connectivity} efConstruction={expansionAdd} {precision}{(plain ? " plain" : "")} built in {hnswBuild:F1} s " +
            $"({n / hnswBuild:N0} items/s; segments: {segments}; {Load()})");
        var path = Path.Combine(folder.FullName, $"hnsw-{n}.items");
        hnsw.Save(path);
        long hnswSize = new FileInfo(path).Length;
        hnsw.Dispose();
        foreach (int ef in expansionSearches)
        {
            using var loaded = ml.Ranking.LoadItemIndex(path, model, items.Schema, new ItemIndexOptions { ExpansionSearch = ef });
            rows.Add(new BenchmarkRow(n, new HnswSetting(connectivity, expansionAdd, ef, precision, plain), hnswBuild, hnswSize,
                Measure(loaded, queries, truth, vectors, dimension), exactRow));
        }
        File.Delete(path);
    }
    exact.Dispose();
    table.AddRange(rows);
    // Written per size, so the smaller catalogues' results survive a long run that stops early.
    var (csv, chart) = RetrievalReport.Write(outputFolder, sourceName, n, queryCount, cores, rows);
    Console.WriteLine($"  done ({Load()}); table {csv}, chart {chart}");
}
folder.Delete(recursive: true);

Console.WriteLine();
Console.WriteLine(BenchmarkRow.MarkdownHeader(cores));
table.ForEach(row => Console.WriteLine(row.ToMarkdown()));

string Arg(int i, string fallback) => args.Length > i ? args[i] : fallback;

static string Load() => File.Exists("/proc/loadavg") ? "load " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load n/a";

// What ItemSegmentation looks at: the coordinates that hold exact zeros, how many items have a zero there, and the
// range of the other values.
static void DescribeZeros(float[] vectors, int n, int dimension)
{
    for (int j = 0; j < dimension; j++)
    {
        int zeros = 0;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            float v = vectors[(long)i * dimension + j];
            if (v == 0f)
                zeros++;
            else
                (min, max) = (Math.Min(min, v), Math.Max(max, v));
        }
        if (zeros > 0)
            Console.WriteLine($"  coordinate {j}: exactly 0 in {zeros:N0} of {n:N0} items; the others {min:G3} to {max:G3}");
    }
    var norms = Enumerable.Range(0, n).Select(i => TensorPrimitives.Norm(vectors.AsSpan(i * dimension, dimension))).ToArray();
    Console.WriteLine($"  item vector norms {norms.Min():G3} to {norms.Max():G3} (first 1,000 items: {norms.Take(1000).Min():G3} to {norms.Take(1000).Max():G3})");
}

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

static Measurement Measure(IItemIndex index, float[][] queries, ScoredItem[][] truth, float[] vectors, int dimension)
{
    index.Search(queries[0], K);
    // Single-threaded: one query at a time, cycling through the queries until the minimum time has passed.
    int done = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < MinimumTimingSeconds || done < Math.Min(queries.Length, 20))
        index.Search(queries[done++ % queries.Length], K);
    double single = done / watch.Elapsed.TotalSeconds;
    // Every core: the batch API over all queries, whole passes until the minimum time has passed.
    ScoredItem[][] results;
    int passes = 0;
    watch.Restart();
    do
    {
        results = index.Search(queries, K);
        passes++;
    }
    while (watch.Elapsed.TotalSeconds < MinimumTimingSeconds);
    double parallel = passes * queries.Length / watch.Elapsed.TotalSeconds;
    double hits = 0, tieAwareHits = 0;
    for (int q = 0; q < queries.Length; q++)
    {
        var expected = truth[q].Take(K).Select(t => t.ItemKey).ToHashSet();
        float tenth = truth[q][K - 1].Score;
        foreach (var result in results[q])
        {
            if (expected.Contains(result.ItemKey))
                hits++;
            // Score the returned item exactly (keys are ordinal + 1 here) rather than trusting the index's own score.
            float score = TensorPrimitives.Dot(queries[q], vectors.AsSpan((int)(result.ItemKey - 1) * dimension, dimension));
            if (score >= tenth - TieEpsilon)
                tieAwareHits++;
        }
    }
    return new Measurement(single, parallel, hits / (queries.Length * (double)K), tieAwareHits / (queries.Length * (double)K));
}
