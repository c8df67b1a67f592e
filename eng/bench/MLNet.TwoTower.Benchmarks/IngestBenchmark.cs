using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Benchmarks;

/// <summary>
/// Loading and one training epoch at scale (issue 14):
/// <code>
///   ingest generate --interactions 25000000 --out /tmp/ingest-25m [--seed 42]
///   ingest run --data /tmp/ingest-25m [--threads 1] [--epochs 1] [--load-only]
/// </code>
/// <c>run</c> loads the folder with <see cref="DatasetFolder.Load"/>, prepares it (<see cref="PreparedData"/>: keys,
/// one feature vector per user and item) and trains the Two-Tower model on the content features (the reference
/// settings: in-batch softmax, no id tables, no validation) for <c>--epochs</c>. It prints one CSV line (header with
/// <c>--header</c>): rows, file size, load seconds and rows/s, peak RSS after loading (VmHWM from /proc/self/status,
/// so run each folder in a fresh process), prepare seconds, training examples (the positive pairs, times the epochs),
/// examples/s of the epoch, training seconds (reading the data into the trainer included) and the final peak RSS. Every phase also reports its CPU seconds (user + system of
/// this process): on a shared machine the wall-clock rates measure the neighbours as much as the code, the rates per
/// CPU second much less so.
/// </summary>
internal static class IngestBenchmark
{
    public const string Header =
        "interactions,csv_mb,users,items,load_s,load_cpu_s,load_rows_per_s,load_rows_per_cpu_s,peak_rss_after_load_mb,prepare_s,prepare_cpu_s,training_examples,examples_per_s,train_s,train_cpu_s,examples_per_train_cpu_s,peak_rss_mb,final_loss";

    public static int Run(string[] args)
    {
        string? Option(string name) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        switch (args.FirstOrDefault())
        {
            case "generate":
                var output = Option("--out") ?? throw new ArgumentException("generate needs --out FOLDER.");
                int rows = int.Parse(Option("--interactions") ?? throw new ArgumentException("generate needs --interactions N."), CultureInfo.InvariantCulture);
                var clock = Stopwatch.StartNew();
                IngestDatasetGenerator.Write(output, rows, int.Parse(Option("--seed") ?? "42", CultureInfo.InvariantCulture));
                Console.Error.WriteLine($"wrote {rows:N0} interactions to {output} in {clock.Elapsed.TotalSeconds:F0} s");
                return 0;
            case "run":
                if (args.Contains("--header"))
                    Console.WriteLine(Header);
                Console.WriteLine(Measure(Option("--data") ?? throw new ArgumentException("run needs --data FOLDER."),
                    int.Parse(Option("--threads") ?? "1", CultureInfo.InvariantCulture),
                    int.Parse(Option("--epochs") ?? "1", CultureInfo.InvariantCulture), args.Contains("--load-only")));
                return 0;
            default:
                throw new ArgumentException("Use `ingest generate --interactions N --out FOLDER` or `ingest run --data FOLDER [--threads 1] [--epochs 1] [--load-only]`.");
        }
    }

    private static string Measure(string folder, int threads, int epochs, bool loadOnly)
    {
        double csvMb = new FileInfo(Path.Combine(folder, DatasetFiles.Interactions)).Length / 1048576.0;
        var clock = Stopwatch.StartNew();
        var cpu = CpuSeconds();
        var dataset = DatasetFolder.Load(folder);
        double loadSeconds = clock.Elapsed.TotalSeconds;
        double loadCpu = CpuSeconds() - cpu;
        int rows = dataset.Interactions.Count;
        double afterLoad = PeakRssMegabytes();
        Console.Error.WriteLine($"loaded {rows:N0} rows ({csvMb:F0} MB) in {loadSeconds:F1} s ({loadCpu:F1} s CPU): {rows / loadSeconds:N0} rows/s, peak RSS {afterLoad:F0} MB");
        string Line(double prepare, double prepareCpu, long examples, double examplesPerSecond, double train, double trainCpu, double loss) => string.Join(',',
            rows, F(csvMb), dataset.Interactions.UserIds.Count, dataset.Interactions.ItemIds.Count, F(loadSeconds), F(loadCpu), F(rows / loadSeconds),
            F(rows / loadCpu), F(afterLoad), F(prepare), F(prepareCpu), examples, F(examplesPerSecond), F(train), F(trainCpu), F(examples / trainCpu),
            F(PeakRssMegabytes()), F(loss));
        if (loadOnly)
            return Line(double.NaN, double.NaN, 0, double.NaN, double.NaN, double.NaN, double.NaN);

        var ml = new MLContext(seed: 42);
        clock.Restart();
        cpu = CpuSeconds();
        var data = PreparedData.Prepare(ml, dataset);
        double prepareSeconds = clock.Elapsed.TotalSeconds;
        double prepareCpu = CpuSeconds() - cpu;
        Console.Error.WriteLine($"prepared in {prepareSeconds:F1} s, peak RSS {PeakRssMegabytes():F0} MB");

        var epochsSeen = new List<TwoTowerEpochProgress>();
        var options = new TwoTowerTrainer.Options
        {
            TowerLayerSizes = [128, 64],
            NumberOfThreads = threads,
            Seed = 42,
            Progress = new SynchronousProgress<TwoTowerEpochProgress>(epoch =>
            {
                epochsSeen.Add(epoch);
                Console.Error.WriteLine($"  {epoch}, peak RSS {PeakRssMegabytes():F0} MB");
            }),
        };
        TwoTowerVariant.ReferenceSettings(options);
        options.NumberOfEpochs = epochs;
        clock.Restart();
        cpu = CpuSeconds();
        ml.Ranking.Trainers.TwoTower(options).TrainParameters(data.Interactions);
        double trainSeconds = clock.Elapsed.TotalSeconds;
        double trainCpu = CpuSeconds() - cpu;
        // The trainer's examples are the positive pairs (rating at least PositiveThreshold), once per epoch.
        long positives = 0;
        foreach (float rating in dataset.Interactions.Ratings)
        {
            if (rating >= options.PositiveThreshold)
                positives++;
        }

        return Line(prepareSeconds, prepareCpu, positives * epochs, epochsSeen.Average(e => e.ExamplesPerSecond), trainSeconds, trainCpu, epochsSeen[^1].Loss);
    }

    private static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// Peak resident set size of this process (VmHWM), in MiB.
    private static double PeakRssMegabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }

        throw new InvalidOperationException("/proc/self/status has no VmHWM line; peak RSS is measured on Linux only.");
    }
}
