using System.Diagnostics;
using System.Globalization;
using MLNet.TwoTower.Benchmarks;

// Training throughput and peak memory of the TorchSharp trainer next to the same model and loss in PyTorch.
//
//   dotnet run -c Release --project eng/bench/MLNet.TwoTower.Benchmarks -- [--sizes 100000,1000000] [--epochs 2]
//       [--threads 2] [--repeat 1] [--python /usr/bin/python3] [--no-python]
//
// With --repeat N the two implementations alternate N times and the table shows the median throughput, so a load
// change on a shared machine hits both sides alike.
// Every configuration runs in a fresh child process (peak working set only ever grows within a process), the C# one
// through this executable's --worker mode and the PyTorch one through eng/bench/pytorch_reference.py. BenchmarkDotNet
// is not used: one run is minutes of steady-state training, where its repetition machinery adds nothing.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
// `mf [rmse|time|spread|compare]`: the matrix-factorization baseline benchmark (see MatrixFactorizationBenchmark.cs).
if (args.Length > 0 && args[0] == "mf")
    return MatrixFactorizationBenchmark.Run(args[1..]);
// `score [--rows 20000] [--repeat 3] [--threads 2]`: scoring throughput of a fitted model (see ScoringBenchmark.cs).
if (args.Length > 0 && args[0] == "score")
    return ScoringBenchmark.Run(args[1..]);
// `ingest generate|run …`: streaming load and one epoch at 1M–25M interactions (see IngestBenchmark.cs).
if (args.Length > 0 && args[0] == "ingest")
    return IngestBenchmark.Run(args[1..]);
// `text [--data FOLDER] [--repeat 3]`: sentence-embedding speed against plain batched ONNX Runtime (TextEmbeddingBenchmark.cs).
if (args.Length > 0 && args[0] == "text")
    return TextEmbeddingBenchmark.Run(args[1..]);
// `rerank [--interactions 100000] [--candidates 200] [--users 500]`: the two-stage re-ranker's cost per user (RerankBenchmark.cs).
if (args.Length > 0 && args[0] == "rerank")
    return RerankBenchmark.Run(args[1..]);
// `layer [--width 3000] [--densities …]`: the first layer on sparse features, coordinate form vs dense (SparseLayerBenchmark.cs).
if (args.Length > 0 && args[0] == "layer")
    return SparseLayerBenchmark.Run(args[1..]);
var options = CommandLine.Parse(args);

if (options.Worker)
{
    Console.WriteLine(CSharpWorker.Run(options.Spec(options.Sizes[0])).ToLine());
    return 0;
}

var results = new List<BenchmarkResult>();
foreach (var size in options.Sizes)
{
    var spec = options.Spec(size);
    Console.Error.WriteLine($"{size:N0} interactions, {spec.Users:N0} users, {spec.Items:N0} items, width {spec.Width}, batch {spec.BatchSize}, {spec.Threads} threads, {spec.Epochs} epochs");
    var self = Environment.ProcessPath!;
    var selfArgs = new List<string>();
    if (Path.GetFileNameWithoutExtension(self) is "dotnet")
        selfArgs.Add(typeof(BenchmarkSpec).Assembly.Location);
    selfArgs.Add("--worker");
    selfArgs.AddRange(spec.ToArguments());
    for (var run = 0; run < options.Repeat; run++)
    {
        results.Add(Child.Run(self, selfArgs));
        if (options.Python is not null)
            results.Add(Child.Run(options.Python, [FindScript(), .. spec.ToArguments()]));
    }
}

ResultTable.Print(results);
return 0;

static string FindScript()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "eng", "bench", "pytorch_reference.py");
        if (File.Exists(candidate))
            return candidate;
    }
    throw new FileNotFoundException("eng/bench/pytorch_reference.py was not found above " + AppContext.BaseDirectory);
}

internal static class Child
{
    public static BenchmarkResult Run(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 && BenchmarkResult.FromOutput(output) is { } result
            ? result
            : throw new InvalidOperationException($"{fileName} {string.Join(' ', start.ArgumentList)} failed with exit code {process.ExitCode}:\n{output}");
    }
}
