using Microsoft.ML;
using MLNet.TwoTower.Training;
using TorchSharp;

namespace MLNet.TwoTower.Tests.Training;

[Collection(TorchCollection.Name)]
public class TwoTowerTrainerTrainingTests
{
    [Fact]
    public void TrainParameters_SameSeed_IdenticalParameters()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);

        var first = TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions(seed: 5));
        var second = TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions(seed: 5));

        Assert.Equal(TrainerFixture.AllWeights(first), TrainerFixture.AllWeights(second));
    }

    [Fact]
    public void TrainParameters_OtherThreadDrawsFromGlobalGenerator_StillIdentical()
    {
        // Training draws from its own seeded generators, so concurrent use of TorchSharp's global generator (another
        // model, another test) cannot change its weights.
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        var first = TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions(seed: 5));
        using var stop = new CancellationTokenSource();
        var noise = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var draw = torch.randn(64);
            }
        });
        noise.Start();

        var second = TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions(seed: 5));
        stop.Cancel();
        noise.Join();

        Assert.Equal(TrainerFixture.AllWeights(first), TrainerFixture.AllWeights(second));
    }

    [Fact]
    public void TrainParameters_DifferentSeed_DifferentParameters()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);

        var first = TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions(seed: 5));
        var second = TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions(seed: 6));

        Assert.NotEqual(TrainerFixture.AllWeights(first), TrainerFixture.AllWeights(second));
    }

    [Fact]
    public void TrainParameters_NoSeedOption_UsesMLContextSeed()
    {
        // Seed = null falls back to the MLContext's seed, reached through ml.Ranking.Trainers.
        IDataView Data(MLContext ml) => TrainerFixture.ClusteredData(ml);
        var a = new MLContext(seed: 11);
        var b = new MLContext(seed: 11);
        var c = new MLContext(seed: 12);

        var first = TrainerFixture.Train(a, Data(a), TrainerFixture.SmallOptions(seed: null));
        var second = TrainerFixture.Train(b, Data(b), TrainerFixture.SmallOptions(seed: null));
        var third = TrainerFixture.Train(c, Data(c), TrainerFixture.SmallOptions(seed: null));

        Assert.Equal(TrainerFixture.AllWeights(first), TrainerFixture.AllWeights(second));
        Assert.NotEqual(TrainerFixture.AllWeights(first), TrainerFixture.AllWeights(third));
    }

    [Fact]
    public void TrainParameters_SparseFeatures_SameSeedIdenticalAndLossFalls()
    {
        // One-hot features train through the sparse first layer; it must be as deterministic as the dense one and learn.
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.SparseClusteredData(ml);
        var losses = new List<float>();
        var options = TrainerFixture.SmallOptions(epochs: 15);
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(p => losses.Add(p.Loss));

        var first = TrainerFixture.Train(ml, data, options);
        var second = TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions(epochs: 15));

        Assert.Equal(TrainerFixture.AllWeights(first), TrainerFixture.AllWeights(second));
        Assert.True(losses[^1] < losses[0] * 0.8f, $"losses: {string.Join(", ", losses)}");
    }

    [Fact]
    public void TrainParameters_UserHistory_SameSeedIdenticalAndExportedInTheIdRows()
    {
        // The history vector trains (deterministically) and travels in the user id table: 32 id + 4 history columns, and
        // the unknown row carries no history.
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        var losses = new List<float>();
        TwoTowerTrainer.Options Options()
        {
            var options = TrainerFixture.SmallOptions(epochs: 15);
            options.UserHistoryEmbeddingSize = 4;
            return options;
        }
        var options = Options();
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(p => losses.Add(p.Loss));

        var first = TrainerFixture.Train(ml, data, options);
        var second = TrainerFixture.Train(ml, data, Options());
        var withoutHistory = TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions(epochs: 15));

        var ids = first.UserTower.IdEmbedding!;
        Assert.Equal(32 + 4, ids.Dimension);
        Assert.Equal(TrainerFixture.Width + 32 + 4, first.UserTower.Layers[0].InputSize);
        Assert.Equal(new float[4], ids.Table.AsSpan(32, 4).ToArray());
        Assert.Contains(Enumerable.Range(1, TrainerFixture.Users), user => ids.Table.AsSpan(user * 36 + 32, 4).ToArray().Any(v => v != 0f));
        Assert.Equal(TrainerFixture.AllWeights(first), TrainerFixture.AllWeights(second));
        Assert.Equal(ids.Table, second.UserTower.IdEmbedding!.Table);
        Assert.Equal(32, withoutHistory.UserTower.IdEmbedding!.Dimension);
        Assert.True(losses[^1] < losses[0] * 0.8f, $"losses: {string.Join(", ", losses)}");
    }

    [Fact]
    public void TrainParameters_ClusteredData_LossFalls()
    {
        // Positives share a cluster with their user, so a model that learns the clusters beats the ln(32) ≈ 3.47 loss
        // of a random one. Direction only, with a fixed seed.
        var ml = new MLContext(seed: 1);
        var losses = new List<float>();
        var options = TrainerFixture.SmallOptions(epochs: 15);
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(p => losses.Add(p.Loss));

        TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), options);

        Assert.Equal(15, losses.Count);
        Assert.True(losses[^1] < losses[0] * 0.8f, $"losses: {string.Join(", ", losses)}");
    }

    [Fact]
    public void TrainParameters_LearnableTemperature_Moves()
    {
        var ml = new MLContext(seed: 1);
        var options = TrainerFixture.SmallOptions(epochs: 5);

        var parameters = TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), options);

        Assert.NotEqual(0.07f, parameters.Temperature, 4);
        Assert.InRange(parameters.Temperature, 0.01f, 1f);
    }

    [Fact]
    public void TrainParameters_FixedTemperature_StaysAtInitialValue()
    {
        var ml = new MLContext(seed: 1);
        var options = TrainerFixture.SmallOptions(epochs: 5);
        options.LearnTemperature = false;
        options.InitialTemperature = 0.2f;

        var parameters = TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), options);

        Assert.Equal(0.2f, parameters.Temperature, 6);
    }

    [Fact]
    public void TrainParameters_ReportsEveryEpochToProgressAndLog()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => log.Add(e.Message);
        var reports = new List<TwoTowerEpochProgress>();
        var options = TrainerFixture.SmallOptions(epochs: 3);
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(reports.Add);

        TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), options);

        Assert.Equal(new[] { 1, 2, 3 }, reports.Select(r => r.Epoch));
        Assert.All(reports, r =>
        {
            Assert.Equal(3, r.NumberOfEpochs);
            Assert.True(float.IsFinite(r.Loss) && r.Loss > 0);
            Assert.True(r.ExamplesPerSecond > 0);
            Assert.InRange(r.Temperature, 0.01f, 1f);
        });
        Assert.True(reports[2].Elapsed >= reports[0].Elapsed);
        Assert.Contains(log, m => m.Contains("epoch 3/3"));
    }

    [Fact]
    public void TrainParameters_CancelledDuringFirstEpoch_ThrowsOperationCanceled()
    {
        var ml = new MLContext(seed: 1);
        using var cancellation = new CancellationTokenSource();
        var options = TrainerFixture.SmallOptions(epochs: 50);
        options.CancellationToken = cancellation.Token;
        var epochsSeen = 0;
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(_ =>
        {
            epochsSeen++;
            cancellation.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), options));
        Assert.Equal(1, epochsSeen);
    }

    [Fact]
    public void TrainParameters_CancelExecutionAfterFirstEpoch_ThrowsOperationCanceledQuicklyWithoutLeakingTensors()
    {
        // ml.CancelExecution() is ML.NET's way to stop a running trainer (its trainers call Host.CheckAlive()); 50
        // epochs would take many seconds, the next batch after the first epoch's report comes at once.
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        var options = TrainerFixture.SmallOptions(epochs: 50);
        var epochsSeen = 0;
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(_ =>
        {
            epochsSeen++;
            ml.CancelExecution();
        });
        var trainer = ml.Ranking.Trainers.TwoTower(options);
        DisposeScopeManager.Statistics.Reset();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.ThrowsAny<OperationCanceledException>(() => trainer.TrainParameters(data));

        Assert.Equal(1, epochsSeen);
        Assert.Contains("CancelExecution", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(0, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        DisposeScopeManager.Statistics.Reset();
    }

    [Fact]
    public void TrainParameters_TokenCancelledAfterFirstEpoch_LeavesNoTensorsAlive()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        using var cancellation = new CancellationTokenSource();
        var options = TrainerFixture.SmallOptions(epochs: 50);
        options.CancellationToken = cancellation.Token;
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(_ => cancellation.Cancel());
        var trainer = ml.Ranking.Trainers.TwoTower(options);
        DisposeScopeManager.Statistics.Reset();

        Assert.ThrowsAny<OperationCanceledException>(() => trainer.TrainParameters(data));

        Assert.Equal(0, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        DisposeScopeManager.Statistics.Reset();
    }

    [Fact]
    public void Fit_ContextCancelledBeforeTraining_ThrowsOperationCanceled()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        var trainer = ml.Ranking.Trainers.TwoTower(TrainerFixture.SmallOptions(epochs: 2));
        ml.CancelExecution();

        var error = Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(data));
        Assert.Contains("CancelExecution", error.Message);
    }

    [Fact]
    public void TrainParameters_HugeLearningRate_ThrowsDivergedSuggestingLowerRate()
    {
        var ml = new MLContext(seed: 1);
        var options = TrainerFixture.SmallOptions(epochs: 3);
        options.LearningRate = 1e25f;

        var error = Assert.Throws<InvalidOperationException>(() =>
            TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), options));

        Assert.Contains("diverged", error.Message);
        Assert.Contains("Lower the learning rate", error.Message);
    }

    [Fact]
    public void TrainParameters_BooleanLabel_TrainsOnTrueRows()
    {
        var ml = new MLContext(seed: 1);
        var rows = InteractionRows.Clustered(TrainerFixture.Users, TrainerFixture.Items, 3, TrainerFixture.Width, 6, seed: 2);
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new BoolLabelRow
        {
            UserId = r.UserId, ItemId = r.ItemId, UserFeatures = r.UserFeatures, ItemFeatures = r.ItemFeatures,
            Label = r.Label >= 4,
        }), BoolLabelRow.Definition(TrainerFixture.Users, TrainerFixture.Items, TrainerFixture.Width));

        var parameters = TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions(epochs: 2));

        // 8 latent coordinates + the popularity prior's β; a Boolean label has no rating scale, so no ranking head.
        Assert.Equal(9, parameters.UserTower.OutputSize);
        Assert.False(parameters.Choices!.RankingHead);
    }

    [Fact]
    public void TrainParameters_RecordsColumnsAndKeyCounts()
    {
        var ml = new MLContext(seed: 1);

        var parameters = TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), TrainerFixture.SmallOptions(epochs: 1));

        Assert.Equal(("UserId", "ItemId", "UserFeatures", "ItemFeatures"),
            (parameters.UserIdColumnName, parameters.ItemIdColumnName, parameters.UserFeaturesColumnName, parameters.ItemFeaturesColumnName));
        Assert.Equal((TrainerFixture.Users, TrainerFixture.Items), (parameters.UserKeyCount, parameters.ItemKeyCount));
        Assert.Equal(TrainerFixture.Width, parameters.UserTower.FeatureSize);
        Assert.Equal(new[] { 16, 8 }, parameters.ItemTower.Layers.Select(l => l.OutputSize));
    }

    [Fact]
    public void Fit_ReturnsTransformerCarryingTheTrainedParameters()
    {
        // Only the transformer's contract (constructor + Parameters) is used here; its scoring is tested with it.
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);

        var model = ml.Ranking.Trainers.TwoTower(TrainerFixture.SmallOptions(epochs: 2)).Fit(data);
        var direct = TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions(epochs: 2));

        Assert.Equal(TrainerFixture.AllWeights(direct), TrainerFixture.AllWeights(model.Parameters));
    }

    [Fact]
    public void TrainParameters_AfterTraining_NoTensorsLeftAlive()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        var options = TrainerFixture.SmallOptions(epochs: 2);
        var trainer = ml.Ranking.Trainers.TwoTower(options);
        DisposeScopeManager.Statistics.Reset();

        trainer.TrainParameters(data);

        Assert.Equal(0, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        DisposeScopeManager.Statistics.Reset();
    }

    [Fact]
    public void TrainParameters_GpuRequestedWithoutCuda_ThrowsSuggestingFallback()
    {
        var ml = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };

        var error = Assert.Throws<InvalidOperationException>(() =>
            TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), TrainerFixture.SmallOptions(epochs: 1)));

        Assert.Contains("FallbackToCpu", error.Message);
    }

    [Fact]
    public void TrainParameters_GpuRequestedWithFallback_TrainsOnCpu()
    {
        var ml = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = true };

        var parameters = TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), TrainerFixture.SmallOptions(epochs: 1));

        Assert.Equal(8, parameters.ItemTower.LatentSize);
    }
}
