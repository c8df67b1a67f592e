using System.Diagnostics;
using System.Globalization;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Training;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Benchmarks;

/// <summary>
/// The tower's first layer trained on sparse features (<see cref="SparseFeatureTable"/>, a COO × dense product)
/// against the dense matrix product, at several shares of non-zeros: one forward and backward of a
/// <see cref="DenseBlock"/> (width → 128, batch norm, LeakyReLU) over a batch of table rows, on one thread. Reports
/// the median µs per batch of each and the ratio dense / sparse (above 1: the sparse layer is faster), which is
/// what <see cref="SparseFeatureTable.MaxDensity"/> is set from.
/// </summary>
/// <remarks>
///   layer [--width 3000] [--batch 512] [--densities 0.003,0.01,0.03,0.1,0.2,0.3] [--steps 50] [--repeat 5]
/// The two paths alternate within every repeat, so a change in machine load hits both.
/// </remarks>
internal static class SparseLayerBenchmark
{
    public static int Run(string[] args)
    {
        int width = 3000, batch = 512, steps = 50, repeat = 5;
        double[] densities = [0.003, 0.01, 0.03, 0.1, 0.2, 0.3];
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--width": width = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--densities": densities = Next().Split(',').Select(d => double.Parse(d, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--steps": steps = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--repeat": repeat = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}' for 'layer' (known: --width, --batch, --densities, --steps, --repeat).");
            }
        }

        set_num_threads(1);
        Console.WriteLine($"First layer {width} → 128, batch {batch}, forward + backward, one thread, median of {repeat} × {steps} steps");
        Console.WriteLine("| non-zeros | dense µs/batch | sparse µs/batch | dense / sparse |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var density in densities)
        {
            var (table, keys) = Table(width, batch, density);
            // The dense table is what validation and export read; FromDense refuses tables above MaxDensity, so the
            // benchmark builds the sparse rows itself for those.
            var sparse = SparseFeatureTable.FromDense(table, maxDensity: 1.0)!;
            manual_seed(1);
            using var block = new DenseBlock(width, 128, normalizeAndActivate: true, leakyReluSlope: 0.01f, dropoutRate: 0f,
                batchNormEpsilon: 1e-5f);
            using var denseTable = tensor(table.Values, [table.KeyCount + 1L, width]);
            using var keyTensor = tensor(keys);
            var dense = new List<double>();
            var coordinate = new List<double>();
            for (var run = -1; run < repeat; run++) // run -1 warms both paths up
            {
                var denseMicros = Time(block, steps, () => block.forward(denseTable.index_select(0, keyTensor)));
                var sparseMicros = Time(block, steps, () => block.forward(sparse.Gather(keys, CPU), null));
                if (run < 0)
                    continue;
                dense.Add(denseMicros);
                coordinate.Add(sparseMicros);
            }
            var (d, s) = (Statistics.Median(dense), Statistics.Median(coordinate));
            Console.WriteLine($"| {density:P1} | {d:N0} | {s:N0} | {d / s:F2} |");
        }
        return 0;
    }

    /// <summary>Mean µs of one forward + backward over <paramref name="steps"/> steps.</summary>
    private static double Time(DenseBlock block, int steps, Func<Tensor> forward)
    {
        block.train();
        var clock = Stopwatch.StartNew();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            block.zero_grad();
            forward().sum().backward();
        }
        return clock.Elapsed.TotalMicroseconds / steps;
    }

    /// <summary>4 × batch entities whose rows hold about density × width non-zeros each, and a batch of their keys.</summary>
    private static (FeatureTable Table, int[] Keys) Table(int width, int batch, double density)
    {
        var random = new Random(42);
        var table = new FeatureTable(4 * batch, width);
        var perRow = Math.Max(1, (int)Math.Round(density * width));
        for (var key = 1; key <= table.KeyCount; key++)
        {
            var row = table.Row(key);
            for (var n = 0; n < perRow; n++)
                row[random.Next(width)] = (float)random.NextDouble();
        }
        var keys = Enumerable.Range(0, batch).Select(_ => 1 + random.Next(table.KeyCount)).ToArray();
        return (table, keys);
    }
}
