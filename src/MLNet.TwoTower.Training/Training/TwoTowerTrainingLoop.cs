using MLNet.TwoTower.MLNetInput;
using System.Diagnostics;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Training.MLNetInput;
using MLNet.TwoTower.Training.Losses;
using MLNet.TwoTower.Training.Sampling;
using MLNet.TwoTower.Training.Validation;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training;

/// <summary>
/// Trains a <see cref="TwoTowerNetwork"/> on an <see cref="InteractionStore"/> with the <see cref="RetrievalTask"/>
/// loss and Adam. The feature tables are moved to the device once; every batch gathers its rows with
/// <c>index_select</c>, so memory never grows with interactions × feature width. With a validation fraction, a seeded
/// slice of the positives is held out, Recall@K is measured after every epoch, the best epoch's weights are kept and
/// training stops after <c>patience</c> epochs without improvement.
/// </summary>
internal static class TwoTowerTrainingLoop
{
    public static TrainedTowers Run(InteractionStore data, TowerArchitecture userArchitecture,
        TowerArchitecture itemArchitecture, TrainingSettings settings, Device device,
        Action<TwoTowerEpochProgress> onEpoch, TrainingCancellation cancellation)
    {
        if (data.PositiveCount < 2)
        {
            throw new ArgumentException(
                $"Training needs at least 2 positive pairs, because each pair's negatives are the other pairs of its batch; got {data.PositiveCount}.",
                nameof(data));
        }
        var split = HoldOutSplit.Create(data.PositiveUserKeys, data.PositiveItemKeys, settings.ValidationFraction, settings.Seed);
        var useExplicitNegatives = (settings.ExplicitNegativeWeight > 0 || settings.PairwiseRankingWeight > 0) && data.NegativeUserKeys.Length > 0;
        var trainedUsers = split.TrainUserKeys.ToHashSet();
        var trainedItems = split.TrainItemKeys.ToHashSet();
        // An item drawn as an explicit negative is trained too (pushed away from the users who disliked it), so it keeps
        // its own id row rather than the unknown row: "people who rated it disliked it" is worth serving.
        if (useExplicitNegatives)
            trainedItems.UnionWith(ExplicitNegativeSampler.DrawableItems(data.NegativeUserKeys, data.NegativeItemKeys, trainedUsers));
        var validator = split.HasValidation ? new RecallValidator(split, data.CatalogItemKeys, settings.ValidationTopK) : null;
        if (validator is { CanEvaluate: false })
            validator = null;
        var catalog = data.CatalogItemKeys;
        var negatives = settings.UniformNegativeCount > 0
            ? new UniformNegativeSampler(catalog, settings.UniformNegativeCount, settings.Seed)
            : null;
        var explicitNegatives = useExplicitNegatives
            ? new ExplicitNegativeSampler(data.NegativeUserKeys, data.NegativeItemKeys, data.Users.KeyCount, settings.Seed + 3)
            : null;
        var task = new RetrievalTask(FrequencyEstimator(settings, split, data.Items.KeyCount),
            settings.RemoveAccidentalHits, catalog.Length, settings.ExplicitNegativeWeight, settings.PairwiseRankingWeight);

        using var globalState = TorchGlobalState.Enter(settings.Seed, settings.NumberOfThreads);
        using var scope = NewDisposeScope();
        // All randomness (initial weights, dropout, id dropout, shuffling) comes from generators seeded here, not from
        // TorchSharp's process-wide generator, so the same seed gives the same weights whatever else runs in the
        // process. Uniform negatives and the validation split use their own seeded System.Random.
        using var random = new NetworkRandomness(settings.Seed, device);
        using var shuffler = new Generator((ulong)settings.Seed + 2, device: CPU);
        using var network = new TwoTowerNetwork(userArchitecture, itemArchitecture, settings.InitialTemperature,
            settings.LearnTemperature, settings.MinTemperature, settings.MaxTemperature, random);
        network.to(device);
        using var optimizer = optim.Adam(network.parameters().Where(p => p.requires_grad), lr: settings.LearningRate);

        var tables = new BatchTables(
            tensor(data.Users.Values, [data.Users.KeyCount + 1L, data.Users.Width], device: device),
            tensor(data.Items.Values, [data.Items.KeyCount + 1L, data.Items.Width], device: device));
        var userKeyMap = tensor(KeyMap(data.Users.KeyCount, trainedUsers), device: device);
        var itemKeyMap = tensor(KeyMap(data.Items.KeyCount, trainedItems), device: device);

        var losses = new List<float>(settings.NumberOfEpochs);
        var stopping = new EarlyStopping(settings.EarlyStoppingPatience);
        TrainedTowers? best = null;
        var clock = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= settings.NumberOfEpochs; epoch++)
        {
            var epochStart = clock.Elapsed;
            var (loss, examples) = RunEpoch(network, optimizer, shuffler, task, negatives, explicitNegatives, tables, split,
                settings.BatchSize, device, cancellation);
            if (!float.IsFinite(loss))
            {
                throw new InvalidOperationException(
                    $"The Two-Tower model diverged: the mean loss of epoch {epoch} is {loss}. Lower the learning rate (currently {settings.LearningRate}) and train again.");
            }
            losses.Add(loss);
            var epochSeconds = Math.Max((clock.Elapsed - epochStart).TotalSeconds, 1e-9);
            float? recall = null;
            if (validator is not null)
            {
                recall = validator.Evaluate(network, tables.Users, tables.Items, userKeyMap, itemKeyMap);
                if (stopping.Improved(epoch, recall.Value))
                    best = Export(network, trainedUsers, trainedItems, losses, epoch);
            }
            onEpoch(new TwoTowerEpochProgress
            {
                Epoch = epoch,
                NumberOfEpochs = settings.NumberOfEpochs,
                Loss = loss,
                Temperature = network.TemperatureValue,
                ExamplesPerSecond = examples / epochSeconds,
                Elapsed = clock.Elapsed,
                ValidationRecall = recall,
                ValidationTopK = validator?.K ?? 0,
                BestEpoch = stopping.BestEpoch,
            });
            if (validator is not null && stopping.ShouldStop(epoch))
                break;
        }

        network.eval();
        return best is null
            ? Export(network, trainedUsers, trainedItems, losses, losses.Count)
            : best with { EpochLosses = losses };
    }

    private static TrainedTowers Export(TwoTowerNetwork network, IReadOnlySet<int> trainedUsers,
        IReadOnlySet<int> trainedItems, List<float> losses, int epoch) =>
        new(network.UserTower.ExportWeights(trainedUsers), network.ItemTower.ExportWeights(trainedItems),
            network.TemperatureValue, losses.ToArray(), epoch);

    private static IItemFrequencyEstimator? FrequencyEstimator(TrainingSettings settings, HoldOutSplit split, int itemKeyCount) =>
        settings.SamplingBiasCorrection switch
        {
            SamplingBiasCorrection.None => null,
            SamplingBiasCorrection.ExactCounts => new CountingFrequencyEstimator(split.TrainItemKeys, itemKeyCount,
                settings.BatchSize),
            // Two buckets per key keeps hash collisions (which bias p upwards) rare at this catalogue size.
            SamplingBiasCorrection.Streaming => new StreamingFrequencyEstimator(Math.Max(1024, 2 * (itemKeyCount + 1))),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.SamplingBiasCorrection, "Unknown sampling-bias correction."),
        };

    /// <summary>key → key for keys with training pairs, else 0 (the unknown id row), as the exported model sees it.</summary>
    private static int[] KeyMap(int keyCount, IReadOnlySet<int> trained)
    {
        var map = new int[keyCount + 1];
        for (var key = 1; key <= keyCount; key++)
            map[key] = trained.Contains(key) ? key : 0;
        return map;
    }

    /// <summary>One pass over the shuffled training pairs; returns the mean loss per pair and the pairs seen.</summary>
    private static (float Loss, long Examples) RunEpoch(TwoTowerNetwork network, optim.Optimizer optimizer,
        Generator shuffler, RetrievalTask task, UniformNegativeSampler? negatives, ExplicitNegativeSampler? explicitNegatives,
        BatchTables tables, HoldOutSplit split, int batchSize, Device device, TrainingCancellation cancellation)
    {
        network.train();
        var count = split.TrainCount;
        long[] order;
        using (var permutation = randperm(count, generator: shuffler))
            order = permutation.data<long>().ToArray();
        double lossSum = 0;
        long examples = 0;
        for (var start = 0; start < count; start += batchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var size = Math.Min(batchSize, count - start);
            // A lone trailing pair has no in-batch negative, and batch normalisation cannot train on one row.
            if (size < 2)
                break;

            using var batchScope = NewDisposeScope();
            var userKeys = new int[size];
            var itemKeys = new int[size];
            for (var i = 0; i < size; i++)
            {
                userKeys[i] = split.TrainUserKeys[order[start + i]];
                itemKeys[i] = split.TrainItemKeys[order[start + i]];
            }
            var sampled = negatives?.Next() ?? [];
            var (explicitRows, explicitItems) = explicitNegatives?.Next(userKeys) ?? ([], []);
            // Int32 keys: index_select and the embedding lookup take either.
            var users = tensor(userKeys, device: device);
            var candidates = tensor(itemKeys.Concat(sampled).Concat(explicitItems).ToArray(), device: device);

            optimizer.zero_grad();
            var (userEmbeddings, candidateEmbeddings) = network.Forward(tables.Users.index_select(0, users), users,
                tables.Items.index_select(0, candidates), candidates);
            var loss = task.Loss(userEmbeddings, candidateEmbeddings, network.Temperature(), itemKeys, sampled,
                explicitRows, explicitItems, network.RankingTemperature());
            loss.backward();
            optimizer.step();
            network.ClampTemperature();

            lossSum += loss.item<float>() * size;
            examples += size;
        }
        return ((float)(lossSum / examples), examples);
    }

    private sealed record BatchTables(Tensor Users, Tensor Items);
}
