using Microsoft.ML;
using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower.Tests.Training;

/// <summary>Small, fast training setups shared by the trainer tests.</summary>
internal static class TrainerFixture
{
    public const int Users = 24;
    public const int Items = 18;
    public const int Width = 6;

    public static IDataView ClusteredData(MLContext ml, int seed = 1) =>
        InteractionRows.ToDataView(ml, InteractionRows.Clustered(Users, Items, clusters: 3, Width, rowsPerUser: 12, seed),
            Users, Items, Width, Width);

    /// <summary>
    /// <see cref="ClusteredData"/> with plain one-hot features 30 wide: 3 % non-zeros, so training multiplies them in
    /// coordinate form (<see cref="MLNet.TwoTower.Training.SparseFeatureTable"/>).
    /// </summary>
    public static IDataView SparseClusteredData(MLContext ml, int seed = 1) =>
        InteractionRows.ToDataView(ml,
            InteractionRows.Clustered(Users, Items, clusters: 3, SparseWidth, rowsPerUser: 12, seed, noise: false),
            Users, Items, SparseWidth, SparseWidth);

    public const int SparseWidth = 30;

    /// <summary>
    /// Options sized for a test: tiny towers, a few epochs, one thread. Validation is off so that every epoch runs
    /// and every pair trains; the validation tests turn it on.
    /// </summary>
    public static TwoTowerTrainer.Options SmallOptions(int epochs = 3, int? seed = 5) => new()
    {
        TowerLayerSizes = [16, 8],
        NumberOfEpochs = epochs,
        BatchSize = 32,
        LearningRate = 0.01f,
        Seed = seed,
        NumberOfThreads = 1,
        ValidationFraction = 0,
    };

    public static TwoTowerModelParameters Train(MLContext ml, IDataView data, TwoTowerTrainer.Options options) =>
        ml.Ranking.Trainers.TwoTower(options).TrainParameters(data);

    public static float[] AllWeights(TwoTowerModelParameters parameters) =>
        new[] { parameters.UserTower, parameters.ItemTower }
            .SelectMany(t => t.Head is null ? t.Layers : t.Layers.Append(t.Head))
            .SelectMany(l => l.Weight.Concat(l.Bias)
                .Concat(l.BatchNorm is null ? [] : l.BatchNorm.Scale.Concat(l.BatchNorm.Shift)
                    .Concat(l.BatchNorm.RunningMean).Concat(l.BatchNorm.RunningVariance)))
            .Append(parameters.Temperature)
            .ToArray();
}
