using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MLNet.TwoTower.Serving.Benchmarks;
using MLNet.TwoTower.Serving.Package;

// A bounded loopback load against `twotower serve` (its own process) over one package, next to the in-process call
// it wraps, measured in the same run:
//   dotnet run -c Release --project eng/bench/MLNet.TwoTower.Serving.Benchmarks -- --model DIR --label NAME
//     [--seconds 20] [--concurrency 16] [--rate 1000] [--out eng/bench/results/serving]
// With --synthetic-users U --synthetic-items I it first writes a package of that shape with random weights into --model.
var options = Arguments.Parse(args);
var source = options.Model;
if (options.SyntheticUsers is int syntheticUsers && options.SyntheticItems is int syntheticItems)
{
    var building = Stopwatch.StartNew();
    SyntheticPackage.Write(source, syntheticUsers, syntheticItems, seed: 42, options.SyntheticPrecision);
    Console.WriteLine($"wrote a synthetic package ({syntheticUsers:N0} users, {syntheticItems:N0} items) in {building.Elapsed.TotalSeconds:F0} s");
}
var package = RecommendationPackage.Open(source, expansionSearch: options.EfSearch);
var label = options.Label ?? Path.GetFileName(Path.GetFullPath(source));
var results = new List<ScenarioResult>();
var random = new Random(42);
var userIds = package.UserIds.ToArray();
string RandomUser()
{
    lock (random)
        return userIds[random.Next(userIds.Length)];
}
var profiles = new ProfileSampler(package.Metadata.ProfileFields, seed: 7);
var itemCount = package.ItemIds.Count;
var acceptsNewUsers = package.AcceptsNewUsers;
var indexDescription = package.ExpansionSearch is int ef ? $"{package.IndexKind} efSearch {ef}" : package.IndexKind.ToString();
ScenarioResult Row(string scenario, int concurrency, double seconds, LatencyRecorder latencies, string note = "")
{
    if (options.LatencyLog is string logFolder)
    {
        Directory.CreateDirectory(logFolder);
        var slug = string.Concat(scenario.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
        latencies.WriteLog(Path.Combine(logFolder, $"{label}-{slug}.csv"));
    }
    return new(label, itemCount, indexDescription, scenario, concurrency, seconds, latencies.Count,
        latencies.Count / seconds, latencies.Quantile(0.5), latencies.Quantile(0.99), latencies.Errors, note);
}
Console.WriteLine($"package {label}: {userIds.Length:N0} users, {itemCount:N0} items ({indexDescription}); load average {LoadAverage()}");

// In process: the library call the endpoint makes, one thread, no HTTP.
if (!options.OpenLoopOnly)
{
    results.Add(Row("known user, in-process call", 1, options.Seconds, InProcess(() => package.RecommendForUser(RandomUser(), 10), options.Seconds)));
    if (acceptsNewUsers)
        results.Add(Row("new user, in-process call", 1, options.Seconds, InProcess(() => package.RecommendForNewUser(profiles.Next(), 10), options.Seconds)));
}
// The load generator shares the cores with the server: it must not also carry a catalogue on its heap (a 1M-item
// package is millions of objects for its GCs to walk) while it measures the server.
package.Dispose();
package = null;
GC.Collect();

var serveFolder = Directory.CreateTempSubdirectory("tt-serve-bench").FullName;
Process? server = null;
try
{
    RecommendationPackage.Publish(source, serveFolder);
    int port = FreePort();
    server = StartServer(serveFolder, port, options.EfSearch);
    // Connections: the closed loop needs --concurrency; the open loop opens more while requests queue.
    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(options.Concurrency, 64), UseProxy = false })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        Timeout = TimeSpan.FromSeconds(30),
    };
    await WaitUntilHealthy(client, server);
    HttpRequestMessage KnownUser() => new(HttpMethod.Get, $"/users/{Uri.EscapeDataString(RandomUser())}/recommendations?k=10");
    HttpRequestMessage NewUser() => new(HttpMethod.Post, "/recommendations?k=10")
    {
        Content = new StringContent(profiles.NextJson(), Encoding.UTF8, "application/json"),
    };

    await Load(client, KnownUser, options.Concurrency, 2, new HashSet<string>()); // warm-up, not reported
    var versions = new HashSet<string>();
    if (!options.OpenLoopOnly)
    {
        results.Add(Row("known user, HTTP", options.Concurrency, options.Seconds, await Load(client, KnownUser, options.Concurrency, options.Seconds, versions)));
        if (acceptsNewUsers)
            results.Add(Row("new user, HTTP", options.Concurrency, options.Seconds, await Load(client, NewUser, options.Concurrency, options.Seconds, versions)));

        // A new version published into the served folder halfway through: nothing may fail, and both versions answer.
        var swapVersions = new HashSet<string>();
        var during = await WhileSwapping(() => Load(client, KnownUser, options.Concurrency, options.Seconds, swapVersions));
        results.Add(Row("known user, HTTP, package swapped mid-run", options.Concurrency, options.Seconds, during.Result,
            $"{swapVersions.Count} versions answered; publish took {during.PublishSeconds:F1} s"));
    }

    // The target is latency at a given throughput: an open-loop load offered at --rate, then the same with a
    // package swap halfway through.
    if (options.Rate > 0)
    {
        var rated = await LoadAtRate(client, KnownUser, options.Rate, options.Seconds, versions);
        results.Add(Row($"known user, HTTP, open loop at {options.Rate:N0} req/s", rated.MaxInFlight, options.Seconds, rated.Latencies,
            $"concurrency = most requests in flight; latency from each request's due time"));
        if (!options.OpenLoopOnly)
        {
            var rateSwapVersions = new HashSet<string>();
            var ratedSwap = await WhileSwapping(() => LoadAtRate(client, KnownUser, options.Rate, options.Seconds, rateSwapVersions));
            results.Add(Row($"known user, HTTP, open loop at {options.Rate:N0} req/s, package swapped mid-run", ratedSwap.Result.MaxInFlight,
                options.Seconds, ratedSwap.Result.Latencies,
                $"{rateSwapVersions.Count} versions answered; publish took {ratedSwap.PublishSeconds:F1} s"));
        }
    }

    // A swap's reload (a 1M-item package takes seconds of CPU to load) must not spill into the next scenario: after the
    // load ends, wait until the server has swapped the new version in.
    async Task<(T Result, double PublishSeconds)> WhileSwapping<T>(Func<Task<T>> load)
    {
        var reloadsBefore = await Reloads();
        var swap = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds / 2));
            var stopwatch = Stopwatch.StartNew();
            RecommendationPackage.Publish(source, serveFolder);
            return stopwatch.Elapsed.TotalSeconds;
        });
        var result = await load();
        var publishSeconds = await swap;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (await Reloads() <= reloadsBefore && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        return (result, publishSeconds);
    }

    async Task<int> Reloads()
    {
        using var health = JsonDocument.Parse(await client.GetStringAsync("/healthz"));
        return health.RootElement.GetProperty("reloads").GetInt32();
    }
}
finally
{
    if (server is { HasExited: false })
    {
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();
    }
    Directory.Delete(serveFolder, recursive: true);
}

var loadAfter = LoadAverage();
foreach (var row in results)
    Console.WriteLine(row.ToMarkdown());
Directory.CreateDirectory(options.Out);
var csv = Path.Combine(options.Out, $"{label}.csv");
File.WriteAllLines(csv, [ScenarioResult.CsvHeader, .. results.Select(r => r.ToCsv())]);
var markdown = new StringBuilder()
    .AppendLine(CultureInfo.InvariantCulture, $"# Serving benchmark: {label}")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores (shared with other jobs; load average at the end {loadAfter}), " +
        $"{userIds.Length:N0} users, {itemCount:N0} items, k = 10, {options.Seconds} s per scenario.")
    .AppendLine()
    .AppendLine("| package | items | index | scenario | concurrency | s | requests | req/s | p50 ms | p99 ms | errors | note |")
    .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var row in results)
    markdown.AppendLine(row.ToMarkdown());
File.WriteAllText(Path.Combine(options.Out, $"{label}.md"), markdown.ToString());
Console.WriteLine($"wrote {csv}");
return results.Sum(r => r.Errors) == 0 ? 0 : 1;

static LatencyRecorder InProcess(Action call, double seconds)
{
    var latencies = new LatencyRecorder();
    var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
    while (Stopwatch.GetTimestamp() < end)
    {
        long start = Stopwatch.GetTimestamp();
        call();
        latencies.Add(start);
    }
    return latencies;
}

static async Task<LatencyRecorder> Load(HttpClient client, Func<HttpRequestMessage> request, int concurrency, double seconds, HashSet<string> versions)
{
    var latencies = new LatencyRecorder();
    var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
    var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        while (Stopwatch.GetTimestamp() < end)
            await Send(client, request, Stopwatch.GetTimestamp(), latencies, versions);
    })).ToArray();
    await Task.WhenAll(workers);
    return latencies;
}

// Open loop at a fixed rate (as wrk2 or k6's constant-arrival-rate): request i is due at start + i / rate whether or
// not earlier ones have answered, and its latency counts from that due time, so a stalled server shows as latency
// (no coordinated omission) instead of as fewer requests. Returns the latencies and the most requests in flight.
static async Task<(LatencyRecorder Latencies, int MaxInFlight)> LoadAtRate(HttpClient client, Func<HttpRequestMessage> request, int rate,
    double seconds, HashSet<string> versions)
{
    var latencies = new LatencyRecorder();
    var total = (long)(seconds * rate);
    var sent = new Task[total];
    int inFlight = 0, maxInFlight = 0;
    // A thread of its own paces the requests: Task.Delay wakes on a coarse timer and would send them in bursts, late,
    // and the lateness would count as the server's latency. It sleeps until each request's due time (Pacer).
    var pacer = new Thread(() =>
    {
        var start = Stopwatch.GetTimestamp();
        for (long i = 0; i < total; i++)
        {
            var due = start + i * Stopwatch.Frequency / rate;
            Pacer.SleepUntil(due);
            InterlockedMax(ref maxInFlight, Interlocked.Increment(ref inFlight));
            sent[i] = SendAndCount(due);
        }
    }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
    pacer.Start();
    await Task.Run(pacer.Join);
    await Task.WhenAll(sent);
    return (latencies, maxInFlight);

    async Task SendAndCount(long due)
    {
        await Send(client, request, due, latencies, versions);
        Interlocked.Decrement(ref inFlight);
    }
}

static void InterlockedMax(ref int target, int value)
{
    int current;
    while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
    {
    }
}

// One request; its latency counts from startTimestamp. A non-2xx answer or a transport error counts as an error.
static async Task Send(HttpClient client, Func<HttpRequestMessage> request, long startTimestamp, LatencyRecorder latencies, HashSet<string> versions)
{
    try
    {
        using var response = await client.SendAsync(request());
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            latencies.Error();
            return;
        }
        latencies.Add(startTimestamp);
        using var json = JsonDocument.Parse(body);
        var version = json.RootElement.GetProperty("version").GetString()!;
        lock (versions)
            versions.Add(version);
    }
    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
    {
        latencies.Error();
    }
}

static Process StartServer(string folder, int port, int? efSearch)
{
    var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "twotower.dll"), "serve", "--model", folder, "--urls", $"http://127.0.0.1:{port}" })
        start.ArgumentList.Add(argument);
    if (efSearch is int ef)
        foreach (var argument in new[] { "--ef-search", ef.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine($"  serve: {e.Data}"); };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.WriteLine($"  serve: {e.Data}"); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitUntilHealthy(HttpClient client, Process server)
{
    var deadline = DateTime.UtcNow.AddMinutes(3);
    while (true)
    {
        if (server.HasExited)
            throw new InvalidOperationException($"twotower serve exited with code {server.ExitCode} before answering.");
        try
        {
            if ((await client.GetAsync("/healthz")).IsSuccessStatusCode)
                return;
        }
        catch (HttpRequestException)
        {
        }
        if (DateTime.UtcNow > deadline)
            throw new TimeoutException("twotower serve did not answer /healthz within 3 minutes.");
        await Task.Delay(250);
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
