using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Tests.Experiments;

[Collection(TorchCollection.Name)]
public class ExperimentCancellationTests
{
    [Fact]
    public void TrainTwoTower_TokenCancelledAfterFirstEpoch_ThrowsOperationCanceled()
    {
        // The CLI's Ctrl+C reaches the trainer through ExperimentOptions.CancellationToken.
        var ml = new MLContext(seed: 1);
        var data = PreparedData.Prepare(ml, PseudoDatasetGenerator.Generate(new() { UserCount = 60, ItemCount = 40, RatingCount = 1000, Seed = 2 }),
            new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });
        using var cancellation = new CancellationTokenSource();
        var epochs = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => ReferenceExperiment.TrainTwoTower(ml, data,
            new ExperimentOptions { Epochs = 50, NumberOfThreads = 1, CancellationToken = cancellation.Token },
            new SynchronousProgress<TwoTowerEpochProgress>(_ =>
            {
                epochs++;
                cancellation.Cancel();
            })));
        Assert.Equal(1, epochs);
    }
}
