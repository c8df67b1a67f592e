using System.Diagnostics;
using Microsoft.ML;
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
        var trainer = ml.Ranking.Trainers.TwoTower(new TwoTowerTrainer.Options
        {
            TowerLayerSizes = [128, 64],
            NumberOfEpochs = spec.Epochs,
            BatchSize = spec.BatchSize,
            NumberOfThreads = spec.Threads,
            Seed = spec.Seed,
            Progress = new SynchronousProgress<TwoTowerEpochProgress>(epoch =>
            {
                epochs.Add(epoch);
                Console.Error.WriteLine($"  [C#] {epoch}");
            }),
        });
        trainer.TrainParameters(data);

        using var process = Process.GetCurrentProcess();
        return new BenchmarkResult("TorchSharp (MLNet.TwoTower)", spec.Interactions,
            epochs.Average(e => e.ExamplesPerSecond), Megabytes(process.PeakWorkingSet64), baseline, epochs[^1].Loss);
    }

    private static double Megabytes(long bytes) => bytes / 1048576.0;
}
