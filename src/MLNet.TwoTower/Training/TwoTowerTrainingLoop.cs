using System.Diagnostics;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Training.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training;

/// <summary>
/// Trains a <see cref="TwoTowerNetwork"/> on an <see cref="InteractionStore"/> with InfoNCE over in-batch negatives
/// and Adam. The feature tables and the positive pairs are moved to the device once; every batch gathers its rows with
/// <c>index_select</c>, so memory never grows with interactions × feature width.
/// </summary>
internal static class TwoTowerTrainingLoop
{
    public static TrainedTowers Run(InteractionStore data, TowerArchitecture userArchitecture,
        TowerArchitecture itemArchitecture, TrainingSettings settings, Device device,
        Action<TwoTowerEpochProgress> onEpoch, CancellationToken cancellationToken)
    {
        if (data.PositiveCount < 2)
        {
            throw new ArgumentException(
                $"Training needs at least 2 positive pairs, because each pair's negatives are the other pairs of its batch; got {data.PositiveCount}.",
                nameof(data));
        }

        using var globalState = TorchGlobalState.Enter(settings.Seed, settings.NumberOfThreads);
        using var scope = NewDisposeScope();
        // All randomness (initial weights, dropout, shuffling) comes from generators seeded here, not from TorchSharp's
        // process-wide generator, so the same seed gives the same weights whatever else runs in the process.
        using var random = new NetworkRandomness(settings.Seed, device);
        using var shuffler = new Generator((ulong)settings.Seed + 2, device: CPU);
        using var network = new TwoTowerNetwork(userArchitecture, itemArchitecture, settings.InitialTemperature,
            settings.LearnTemperature, settings.MinTemperature, settings.MaxTemperature, random);
        network.to(device);
        using var optimizer = optim.Adam(network.parameters().Where(p => p.requires_grad), lr: settings.LearningRate);

        var userTable = tensor(data.Users.Values, [data.Users.KeyCount + 1L, data.Users.Width], device: device);
        var itemTable = tensor(data.Items.Values, [data.Items.KeyCount + 1L, data.Items.Width], device: device);
        // Int32 keys: half the memory of Int64 per pair, and index_select takes either.
        var userKeys = tensor(data.PositiveUserKeys, device: device);
        var itemKeys = tensor(data.PositiveItemKeys, device: device);

        var losses = new List<float>(settings.NumberOfEpochs);
        var clock = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= settings.NumberOfEpochs; epoch++)
        {
            var epochStart = clock.Elapsed;
            var (loss, examples) = RunEpoch(network, optimizer, shuffler, userTable, itemTable, userKeys, itemKeys,
                settings.BatchSize, device, cancellationToken);
            if (!float.IsFinite(loss))
            {
                throw new InvalidOperationException(
                    $"The Two-Tower model diverged: the mean loss of epoch {epoch} is {loss}. Lower the learning rate (currently {settings.LearningRate}) and train again.");
            }
            losses.Add(loss);
            var epochSeconds = Math.Max((clock.Elapsed - epochStart).TotalSeconds, 1e-9);
            onEpoch(new TwoTowerEpochProgress
            {
                Epoch = epoch,
                NumberOfEpochs = settings.NumberOfEpochs,
                Loss = loss,
                Temperature = network.TemperatureValue,
                ExamplesPerSecond = examples / epochSeconds,
                Elapsed = clock.Elapsed,
            });
        }

        network.eval();
        return new TrainedTowers(network.UserTower.ExportWeights(), network.ItemTower.ExportWeights(),
            network.TemperatureValue, losses);
    }

    /// <summary>One pass over the shuffled positive pairs; returns the mean loss per pair and the pairs seen.</summary>
    private static (float Loss, long Examples) RunEpoch(TwoTowerNetwork network, optim.Optimizer optimizer,
        Generator shuffler, Tensor userTable, Tensor itemTable, Tensor userKeys, Tensor itemKeys, int batchSize,
        Device device, CancellationToken cancellationToken)
    {
        network.train();
        var count = userKeys.shape[0];
        using var order = randperm(count, generator: shuffler).to(device);
        double lossSum = 0;
        long examples = 0;
        for (long start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var size = Math.Min(batchSize, count - start);
            // A lone trailing pair has no in-batch negative, and batch normalisation cannot train on one row.
            if (size < 2)
                break;

            using var batchScope = NewDisposeScope();
            var rows = order.narrow(0, start, size);
            var userFeatures = userTable.index_select(0, userKeys.index_select(0, rows));
            var itemFeatures = itemTable.index_select(0, itemKeys.index_select(0, rows));

            optimizer.zero_grad();
            var (users, items) = network.forward(userFeatures, itemFeatures);
            var loss = InfoNceLoss.Compute(users, items, network.Temperature());
            loss.backward();
            optimizer.step();
            network.ClampTemperature();

            lossSum += loss.item<float>() * size;
            examples += size;
        }
        return ((float)(lossSum / examples), examples);
    }
}
