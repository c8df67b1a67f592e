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
            // What pytorch_reference.py implements, so both sides do the same work per example: plain InfoNCE over
            // in-batch negatives, features only, Adam 1e-3, every pair trained. The library's defaults add logQ,
            // hit removal, uniform and explicit negatives, a ranking task, id tables and a validation pass.
            SamplingBiasCorrection = SamplingBiasCorrection.None,
            RemoveAccidentalHits = false,
            UniformNegativeCount = 0,
            ExplicitNegativeWeight = 0,
            PairwiseRankingWeight = 0,
            UserIdEmbeddingSize = 0,
            ItemIdEmbeddingSize = 0,
            ValidationFraction = 0,
            LearningRate = 1e-3f,
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
