using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.PostgreSql.Sink;
using MLNet.TwoTower.PostgreSql.Testing;
using MLNet.TwoTower.PostgreSql.Vector;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Retrieval.Benchmarks;
using Npgsql;

// Usage: dotnet run -c Release -- [sizes=100000] [efSearch list=40,100,200] [sink users=20000] [k for the sink=50]
//                                 [parts=usearch,pgvector,sink] [output folder=eng/bench/results/pgvector]
// Starts a throw-away PostgreSQL 15 + pgvector server (as the tests do), then per catalogue size:
//  * builds the exact index (truth), the in-process USearch HNSW index and a pgvector HNSW index (both M=16,
//    efConstruction=64, pgvector's defaults) over the same L2-normalised 64-d embeddings (the retrieval benchmark's
//    mixture of spherical Gaussians), and measures build time, queries/s (one thread; every core) and recall@10 against exact;
//  * writes every user's top-k for N synthetic users: in-process recommending alone, PostgreSQL writing alone (binary
//    COPY + swap) and both streamed together, in users/s.
// Results go to <output>/pgvector-<size>.csv and the console as a markdown table.
var sizes = Arg(0, "100000").Split(',').Select(int.Parse).ToArray();
var expansionSearches = Arg(1, "40,100,200").Split(',').Select(int.Parse).ToArray();
int sinkUsers = int.Parse(Arg(2, "20000"), CultureInfo.InvariantCulture);
int sinkK = int.Parse(Arg(3, "50"), CultureInfo.InvariantCulture);
var parts = Arg(4, "usearch,pgvector,sink").Split(',').ToHashSet();
string outputFolder = Path.GetFullPath(Arg(5, Path.Combine(RepositoryRoot(), "eng", "bench", "results", "pgvector")));
const int K = 10;
const int Connectivity = 16, ExpansionAdd = 64;
const double MinimumTimingSeconds = 3;
int cores = Environment.ProcessorCount;
Directory.CreateDirectory(outputFolder);

using var server = TemporaryPostgresServer.Start(RepositoryRoot());
var source = new SphericalGaussianMixture();
int dimension = source.Dimension;
var ml = new MLContext(seed: 42);
Console.WriteLine($"Embeddings: {source.Name}, {dimension}-d. Cores: {cores}. HNSW M={Connectivity}, efConstruction={ExpansionAdd} for both indexes.");
var markdown = new List<string> { "| items | index | efSearch | build s | q/s 1 thread | q/s all cores | recall@10 |", "|---:|---|---:|---:|---:|---:|---:|" };

foreach (int n in sizes)
{
    var vectors = source.Items(n);
    var queries = Split(source.Queries(n >= 1_000_000 ? 500 : 1000), dimension);
    var keys = Enumerable.Range(1, n).Select(i => (uint)i).ToArray();
    var items = ml.Data.LoadFromEnumerable(Enumerable.Range(0, n).Select(i => new ItemRow { ItemId = (uint)i, ItemEmbedding = vectors.AsSpan(i * dimension, dimension).ToArray() }),
        ItemRow.Schema(n, dimension));
    ITransformer passThrough = ml.Transforms.CopyColumns("ItemEmbeddingCopy", "ItemEmbedding").Fit(items);

    using var exact = ml.Ranking.BuildItemIndex(passThrough, items, new ItemIndexOptions { Kind = ItemIndexKind.Exact });
    var truth = exact.Search(queries, K);
    var csv = new List<string> { "items,index,ef_search,build_s,qps_1_thread,qps_all_cores,recall_at_10" };
    void Report(string index, int ef, double build, (double Single, double Parallel, double Recall) m)
    {
        csv.Add(string.Create(CultureInfo.InvariantCulture, $"{n},{index},{ef},{build:F1},{m.Single:F0},{m.Parallel:F0},{m.Recall:F4}"));
        markdown.Add(string.Create(CultureInfo.InvariantCulture, $"| {n:N0} | {index} | {ef} | {build:F1} | {m.Single:N0} | {m.Parallel:N0} | {m.Recall:F4} |"));
        Console.WriteLine(markdown[^1]);
    }

    IItemIndex? recommender = null;
    if (parts.Contains("usearch") || parts.Contains("sink"))
    {
        var (usearch, usearchBuild) = Time(() => ml.Ranking.BuildItemIndex(passThrough, items, new ItemIndexOptions
        {
            Kind = ItemIndexKind.Hnsw, Connectivity = Connectivity, ExpansionAdd = ExpansionAdd, BuildThreads = cores,
        }));
        string usearchFile = Path.Combine(Path.GetTempPath(), $"pgvector-bench-{Environment.ProcessId}.items");
        usearch.Save(usearchFile);
        usearch.Dispose();
        foreach (int ef in parts.Contains("usearch") ? expansionSearches : [])
        {
            using var loaded = ml.Ranking.LoadItemIndex(usearchFile, passThrough, items.Schema, new ItemIndexOptions { ExpansionSearch = ef });
            Report("USearch (in-process)", ef, usearchBuild, Measure(loaded, queries, truth));
        }
        // The sink benchmark recommends from the in-process index, efSearch 64, read into memory.
        recommender = ml.Ranking.LoadItemIndex(usearchFile, passThrough, items.Schema, new ItemIndexOptions { ExpansionSearch = 64 }, memoryMap: false);
        File.Delete(usearchFile);
    }

    // Pooled connections, as an application has them (the throw-away server's own connection strings turn pooling off).
    string database = new NpgsqlConnectionStringBuilder(server.CreateDatabase("bench")) { Pooling = true }.ConnectionString;
    if (parts.Contains("pgvector"))
    {
        var (pgvector, pgvectorBuild) = Time(() => PgVectorItemIndex.Create(database, new PgVectorIndexOptions
        {
            Connectivity = Connectivity, ExpansionAdd = ExpansionAdd, SearchThreads = cores,
        }, keys, null, vectors));
        pgvector.Dispose();
        foreach (int ef in expansionSearches)
        {
            using var opened = PgVectorItemIndex.Open(database, new PgVectorIndexOptions { ExpansionSearch = ef, SearchThreads = cores });
            Report("pgvector (PostgreSQL)", ef, pgvectorBuild, Measure(opened, queries, truth));
        }
    }

    if (parts.Contains("sink"))
    {
        // The sink: every user's top-k written as the recommender produces it.
        var users = Split(source.Queries(sinkUsers), dimension);
        var userIds = Enumerable.Range(0, sinkUsers).Select(u => $"u{u}").ToArray();
        IEnumerable<UserRecommendations> Recommend()
        {
            const int block = 512;
            for (int first = 0; first < users.Length; first += block)
            {
                var batch = users.Skip(first).Take(block).ToArray();
                var results = recommender!.Search(batch, sinkK);
                for (int i = 0; i < batch.Length; i++)
                    yield return new UserRecommendations(userIds[first + i], Array.ConvertAll(results[i], r => new RecommendedItem($"i{r.ItemKey}", r.Score)));
            }
        }
        var (computed, recommendSeconds) = Time(() => Recommend().ToList());
        var options = new PostgresRecommendationWriterOptions { Table = "recs", ModelVersion = "bench" };
        var (_, writeSeconds) = Time(() => PostgresRecommendationWriter.Write(database, options, computed));
        var (written, bothSeconds) = Time(() => PostgresRecommendationWriter.Write(database, options, Recommend()));
        string sink = string.Create(CultureInfo.InvariantCulture,
            $"Sink, {sinkUsers:N0} users × top-{sinkK} over {n:N0} items (USearch ef=64, {cores} threads): in-process recommend {sinkUsers / recommendSeconds:N0} users/s; " +
            $"PostgreSQL write alone (binary COPY, key, swap) {sinkUsers / writeSeconds:N0} users/s ({written.Rows / writeSeconds:N0} rows/s); " +
            $"recommend + write streamed {sinkUsers / bothSeconds:N0} users/s ({bothSeconds:F1} s).");
        Console.WriteLine(sink);
        csv.Add(string.Create(CultureInfo.InvariantCulture, $"# sink,{sinkUsers},{sinkK},recommend_users_per_s={sinkUsers / recommendSeconds:F0},write_users_per_s={sinkUsers / writeSeconds:F0},both_users_per_s={sinkUsers / bothSeconds:F0}"));
        markdown.Add("");
        markdown.Add(sink);
        markdown.Add("");
    }
    recommender?.Dispose();
    File.WriteAllLines(Path.Combine(outputFolder, $"pgvector-{n}-{string.Join("-", parts.Order())}.csv"), csv);
}

Console.WriteLine();
markdown.ForEach(Console.WriteLine);
File.WriteAllLines(Path.Combine(outputFolder, $"results-{string.Join("-", parts.Order())}.md"), markdown);

string Arg(int i, string fallback) => args.Length > i ? args[i] : fallback;

static string RepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MLNet.TwoTower.sln")))
        directory = directory.Parent;
    return directory?.FullName ?? throw new InvalidOperationException($"No MLNet.TwoTower.sln above {AppContext.BaseDirectory}.");
}

static float[][] Split(float[] rows, int dimension) =>
    Enumerable.Range(0, rows.Length / dimension).Select(q => rows.AsSpan(q * dimension, dimension).ToArray()).ToArray();

static (T, double) Time<T>(Func<T> work)
{
    var watch = Stopwatch.StartNew();
    var result = work();
    return (result, watch.Elapsed.TotalSeconds);
}

static (double Single, double Parallel, double Recall) Measure(IItemIndex index, float[][] queries, ScoredItem[][] truth)
{
    index.Search(queries[0], K);
    int done = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < MinimumTimingSeconds || done < 20)
        index.Search(queries[done++ % queries.Length], K);
    double single = done / watch.Elapsed.TotalSeconds;
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
    double hits = 0;
    for (int q = 0; q < queries.Length; q++)
    {
        var expected = truth[q].Select(t => t.ItemKey).ToHashSet();
        hits += results[q].Count(r => expected.Contains(r.ItemKey));
    }
    return (single, parallel, hits / (queries.Length * (double)K));
}
