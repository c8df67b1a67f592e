using System.Diagnostics;
using Microsoft.ML;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Benchmarks;

/// <summary>Trains the TorchSharp Two-Tower model once, in its own process so that the peak working set is its own.</summary>
internal static class CSharpWorker
{
    public static BenchmarkResult Run(BenchmarkSpec spec)
    {
        var ml = new MLContext(seed: spec.Seed);
        var data = SyntheticInteractions.Create(ml, spec);
        // Load libtorch before the baseline, as `import torch` does on the Python side, so that "before training"
        // compares like with like.
        using (TorchSharp.torch.zeros(1))
        {
        }
        var baseline = Megabytes(Process.GetCurrentProcess().WorkingSet64);
        var epochs = new List<TwoTowerEpochProgress>();
        var options = new TwoTowerTrainer.Options
        {
            TowerLayerSizes = [128, 64],
            BatchSize = spec.BatchSize,
            NumberOfThreads = spec.Threads,
            Seed = spec.Seed,
            Progress = new SynchronousProgress<TwoTowerEpochProgress>(epoch =>
            {
                epochs.Add(epoch);
                Console.Error.WriteLine($"  [C#] {epoch}");
            }),
        };
        // What pytorch_reference.py implements, so both sides do the same work per example: the reference
        // experiment's training (plain InfoNCE over in-batch negatives, features only, Adam 1e-3, every pair trained),
        // without the library's logQ, hit removal, uniform and explicit negatives, ranking task, id tables or
        // validation pass. One list of those switches, shared with the ablation's reference row.
        TwoTowerVariant.ReferenceSettings(options);
        options.NumberOfEpochs = spec.Epochs;
        ml.Ranking.Trainers.TwoTower(options).TrainParameters(data);

        using var process = Process.GetCurrentProcess();
        return new BenchmarkResult("TorchSharp (MLNet.TwoTower)", spec.Interactions,
            epochs.Average(e => e.ExamplesPerSecond), Megabytes(process.PeakWorkingSet64), baseline, epochs[^1].Loss);
    }

    private static double Megabytes(long bytes) => bytes / 1048576.0;
}
