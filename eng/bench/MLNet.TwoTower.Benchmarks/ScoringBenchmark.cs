using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Benchmarks;

/// <summary>
/// Scoring throughput: a small model trained on <see cref="SyntheticInteractions"/>, then rows/s of the four ways to
/// score it, all on the same rows in one process, printed as a Markdown table with ratios against raw ONNX Runtime.
/// </summary>
/// <remarks>
///   score [--rows 20000] [--repeat 3] [--threads 2]
/// Every path scores all rows once untimed, then the paths are timed round-robin over all rows --repeat times; the
/// table shows each path's median.
/// The ONNX Runtime baseline gets the same <see cref="SyntheticRow"/> objects the prediction engine gets and its time
/// includes copying them into the batch tensors and the dot products, so it is what a hand-written server would do.
/// </remarks>
internal static class ScoringBenchmark
{
    private const int BatchSize = 256;

    public static int Run(string[] args)
    {
        var rows = 20_000;
        var repeat = 3;
        var threads = 2;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--rows": rows = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--repeat": repeat = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}' for 'score' (known: --rows, --repeat, --threads).");
            }
        }

        var spec = new BenchmarkSpec(rows, Epochs: 1, Threads: threads);
        var ml = new MLContext(seed: spec.Seed);
        var data = SyntheticInteractions.Create(ml, spec);
        Console.Error.WriteLine($"Training on {rows:N0} synthetic interactions (width {spec.Width}, towers [128, 64], 1 epoch)…");
        using var model = ml.Ranking.Trainers.TwoTower(new TwoTowerTrainer.Options
        {
            TowerLayerSizes = [128, 64],
            NumberOfEpochs = 1,
            BatchSize = spec.BatchSize,
            NumberOfThreads = threads,
            Seed = spec.Seed,
        }).Fit(data);

        // The same rows for every path: the prediction engine and the ONNX baseline read these objects, the data-view
        // paths read a view over them.
        var inputs = ml.Data.CreateEnumerable<SyntheticRow>(data, reuseRowObject: false).ToList();
        var view = ml.Data.LoadFromEnumerable(inputs, data.Schema);

        var directory = Directory.CreateTempSubdirectory("twotower-score-");
        try
        {
            var modelPath = Path.Combine(directory.FullName, "model.zip");
            ml.Model.Save(model, data.Schema, modelPath);
            var loaded = ml.Model.Load(modelPath, out _);
            using var ours = (IDisposable)Persistence.TwoTowerModel.Load(ml, modelPath, out _);
            var userPath = Path.Combine(directory.FullName, "user_tower.onnx");
            var itemPath = Path.Combine(directory.FullName, "item_tower.onnx");
            model.ExportOnnx(userPath, itemPath);

            using var engine = ml.Model.CreatePredictionEngine<SyntheticRow, ScoreRow>(model, data.Schema);
            using var onnx = new OnnxTowers(userPath, itemPath);

            var reference = onnx.Score(inputs);
            var paths = new (string Name, Func<IReadOnlyList<SyntheticRow>, float[]> Score)[]
            {
                ("(a) model.Transform(data), Score enumerated", r => ReadScores(model, ml.Data.LoadFromEnumerable(r, data.Schema))),
                ("(b) PredictionEngine.Predict per row", r => r.Select(row => engine.Predict(row).Score).ToArray()),
                ("(c) after ml.Model.Save/Load, Transform enumerated", r => ReadScores(loaded, ml.Data.LoadFromEnumerable(r, data.Schema))),
                ("(e) after ml.Model.Save, TwoTowerModel.Load, Transform enumerated", r => ReadScores((ITransformer)ours, ml.Data.LoadFromEnumerable(r, data.Schema))),
                ("(d) ExportOnnx towers in ONNX Runtime, batches of 256", onnx.Score),
            };

            // Every path first scores all rows once untimed (JIT tiering and caches settle; a warm-up on one batch
            // left the first path measured up to 1.6× slower than the same code measured later), then the paths are
            // timed round-robin, so a change in the machine's load falls on all of them alike.
            foreach (var (_, score) in paths)
                score(inputs);
            var seconds = paths.Select(_ => new List<double>()).ToArray();
            var last = new float[paths.Length][];
            for (var run = 0; run < repeat; run++)
                for (var p = 0; p < paths.Length; p++)
                {
                    var watch = Stopwatch.StartNew();
                    last[p] = paths[p].Score(inputs);
                    seconds[p].Add(watch.Elapsed.TotalSeconds);
                }
            var results = new List<(string Name, double RowsPerSecond, double MaxDifference, float[] Scores)>();
            for (var p = 0; p < paths.Length; p++)
            {
                var difference = last[p].Zip(reference, (a, b) => Math.Abs(a - b)).Max();
                results.Add((paths[p].Name, rows / Statistics.Median(seconds[p]), difference, last[p]));
                Console.Error.WriteLine($"  {paths[p].Name}: {rows / Statistics.Median(seconds[p]):N0} rows/s");
            }

            var baseline = results[^1].RowsPerSecond;
            // (c) is the saved chain of built-ins, every graph through OnnxTransformer: the reference for bit-identity.
            var chain = results[2].Scores.Select(BitConverter.SingleToInt32Bits).ToArray();
            Console.WriteLine($"Scoring {rows:N0} rows (width {spec.Width}, towers [128, 64] → 64, {threads} training threads, median of {repeat}); ratio = rows/s ÷ (d)");
            Console.WriteLine();
            Console.WriteLine("| path | rows/s (median) | µs/row | vs (d) ONNX Runtime | max \\|score − (d)\\| | bit-identical to (c) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---|");
            foreach (var (name, rowsPerSecond, difference, scores) in results)
                Console.WriteLine($"| {name} | {rowsPerSecond:N0} | {1e6 / rowsPerSecond:F1} | {rowsPerSecond / baseline:F2}× | {difference:G2} | " +
                    $"{(scores.Select(BitConverter.SingleToInt32Bits).SequenceEqual(chain) ? "yes" : "no")} |");
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static float[] ReadScores(ITransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        var column = scored.Schema[DefaultColumnNames.Score];
        var scores = new List<float>();
        using var cursor = scored.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        var value = 0f;
        while (cursor.MoveNext())
        {
            getter(ref value);
            scores.Add(value);
        }
        return [.. scores];
    }

    /// <summary>The prediction engine's output: only the score.</summary>
    public sealed class ScoreRow
    {
        public float Score { get; set; }
    }

    /// <summary>
    /// The two exported towers in plain ONNX Runtime: each batch fills the feature matrix and the key vector the
    /// graph declares (inputs are named after the model's columns), runs both towers, and takes row-wise dot products.
    /// </summary>
    private sealed class OnnxTowers(string userPath, string itemPath) : IDisposable
    {
        private readonly InferenceSession _user = new(userPath);
        private readonly InferenceSession _item = new(itemPath);

        public float[] Score(IReadOnlyList<SyntheticRow> rows)
        {
            var scores = new float[rows.Count];
            for (var start = 0; start < rows.Count; start += BatchSize)
            {
                var batch = Math.Min(BatchSize, rows.Count - start);
                using var users = Run(_user, rows, start, batch, r => r.UserFeatures, r => r.UserId);
                using var items = Run(_item, rows, start, batch, r => r.ItemFeatures, r => r.ItemId);
                var u = users[0].AsTensor<float>().ToArray();
                var v = items[0].AsTensor<float>().ToArray();
                var dimension = u.Length / batch;
                for (var b = 0; b < batch; b++)
                    scores[start + b] = System.Numerics.Tensors.TensorPrimitives.Dot(
                        u.AsSpan(b * dimension, dimension), v.AsSpan(b * dimension, dimension));
            }
            return scores;
        }

        private static IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Run(InferenceSession session,
            IReadOnlyList<SyntheticRow> rows, int start, int batch, Func<SyntheticRow, float[]> features, Func<SyntheticRow, uint> key)
        {
            var feeds = new List<NamedOnnxValue>();
            foreach (var (name, metadata) in session.InputMetadata)
            {
                if (metadata.ElementType == typeof(float))
                {
                    var width = features(rows[start]).Length;
                    var tensor = new DenseTensor<float>([batch, width]);
                    for (var b = 0; b < batch; b++)
                        features(rows[start + b]).CopyTo(tensor.Buffer.Span.Slice(b * width, width));
                    feeds.Add(NamedOnnxValue.CreateFromTensor(name, tensor));
                }
                else
                {
                    // The ML.NET key value (1-based), as the model hands it to the same graph: a SyntheticRow holds the
                    // 0-based index, which LoadFromEnumerable turns into key value index + 1.
                    var tensor = new DenseTensor<long>([batch]);
                    for (var b = 0; b < batch; b++)
                        tensor[b] = key(rows[start + b]) + 1L;
                    feeds.Add(NamedOnnxValue.CreateFromTensor(name, tensor));
                }
            }
            return session.Run(feeds);
        }

        public void Dispose()
        {
            _user.Dispose();
            _item.Dispose();
        }
    }
}
