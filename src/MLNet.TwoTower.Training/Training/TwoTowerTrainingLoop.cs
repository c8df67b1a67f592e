using MLNet.TwoTower.MLNetInput;
using System.Diagnostics;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Training.MLNetInput;
using MLNet.TwoTower.Training.Losses;
using MLNet.TwoTower.Training.Sampling;
using MLNet.TwoTower.Training.Validation;
using MLNet.TwoTower.Training.Heads;
using TorchSharp;
using MLNet.TwoTower.Training.Optimization;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training;

/// <summary>
/// Trains a <see cref="TwoTowerNetwork"/> on an <see cref="InteractionStore"/> with the <see cref="RetrievalTask"/>
/// loss and Adam. The feature tables are moved to the device once; every batch gathers its rows (<c>index_select</c>,
/// or their non-zeros for a sparse table), so memory never grows with interactions × feature width. With a validation
/// fraction, a seeded slice of the positives is held out, Recall@K is measured after every epoch, the best epoch's
/// weights are kept and training stops after <c>patience</c> epochs without improvement; with a refit, the towers are
/// then trained again on all the pairs for the kept number of epochs.
/// </summary>
internal static class TwoTowerTrainingLoop
{
    public static TrainedTowers Run(InteractionStore data, TowerArchitecture userArchitecture,
        TowerArchitecture itemArchitecture, TrainingSettings settings, Device device,
        Action<TwoTowerEpochProgress> onEpoch, TrainingCancellation cancellation, Action<string>? log = null)
    {
        var validated = Train(data, userArchitecture, itemArchitecture, settings, device, onEpoch, cancellation, refitChoice: null, log);
        if (!validated.RefitRequested || validated.Choices is not { ValidationRecall: not null } chosen)
            return validated;
        // The refit repeats the kept epoch's training on every pair, validation's included, with the choices made on
        // them: more data for the same choices (validation cannot check it, so it is an option). It starts after the
        // validated run has released its network and tables.
        return Train(data, userArchitecture, itemArchitecture, settings, device, onEpoch, cancellation,
            new EpochChoice(chosen.Epoch, chosen.PopularityPriorWeight, chosen.ScoreMix, chosen.ValidationRecall, chosen.ValidationNdcg));
    }

    /// <summary>
    /// One training run: with <paramref name="refitChoice"/> null, the validated run (hold-out, choices, early stopping;
    /// its result says whether the plan asks for a refit); otherwise the refit itself: all the data,
    /// <paramref name="refitChoice"/>'s epoch count, β and λ, nothing held out.
    /// </summary>
    private static TrainedTowers Train(InteractionStore data, TowerArchitecture userArchitecture,
        TowerArchitecture itemArchitecture, TrainingSettings settings, Device device,
        Action<TwoTowerEpochProgress> onEpoch, TrainingCancellation cancellation, EpochChoice? refitChoice,
        Action<string>? log = null)
    {
        if (data.PositiveCount < 2)
        {
            throw new ArgumentException(
                $"Training needs at least 2 positive pairs, because each pair's negatives are the other pairs of its batch; got {data.PositiveCount}.",
                nameof(data));
        }
        var terms = ScoreTerms.Decide(settings, data, itemArchitecture.HasIdEmbedding);
        userArchitecture = userArchitecture with { HeadSize = terms.UserHeadSize };
        itemArchitecture = itemArchitecture with { HeadSize = terms.ItemHeadSize };
        var validationFraction = refitChoice is null ? settings.ValidationFraction : 0f;
        var split = HoldOutSplit.Create(data.PositiveUserKeys, data.PositiveItemKeys, validationFraction, settings.Seed,
            data.PositiveRatings);
        // Items rated below the threshold are held out at the same rate (own seed), so validation nDCG ranks a user's
        // held-out liked and disliked items as the warm protocol does, and none of them trains.
        var negativeSplit = HoldOutSplit.Create(data.NegativeUserKeys, data.NegativeItemKeys,
            terms.Rating ? validationFraction : 0f, settings.Seed + 5, data.NegativeRatings);
        var useExplicitNegatives = (settings.ExplicitNegativeWeight > 0 || settings.PairwiseRankingWeight > 0 || terms.Rating)
            && negativeSplit.TrainCount > 0;
        var trainedUsers = split.TrainUserKeys.ToHashSet();
        var trainedItems = split.TrainItemKeys.ToHashSet();
        // An item drawn as an explicit negative is trained too (pushed away from the users who disliked it), so it keeps
        // its own id row rather than the unknown row: "people who rated it disliked it" is worth serving.
        if (useExplicitNegatives)
            trainedItems.UnionWith(ExplicitNegativeSampler.DrawableItems(negativeSplit.TrainUserKeys, negativeSplit.TrainItemKeys, trainedUsers));
        var validator = split.HasValidation
            ? new RecallValidator(split, data.CatalogItemKeys, settings.ValidationTopK, settings.MaxValidationUsers, settings.Seed + 6)
            : null;
        if (validator is { CanEvaluate: false })
            validator = null;
        var rankingValidator = terms.Rating && negativeSplit.HasValidation
            ? new RankingValidator(split.ValidationUserKeys, split.ValidationItemKeys, negativeSplit.ValidationUserKeys,
                negativeSplit.ValidationItemKeys, settings.ValidationTopK, settings.MaxValidationUsers, settings.Seed + 7)
            : null;
        if (rankingValidator is { CanEvaluate: false })
            rankingValidator = null;
        var catalog = data.CatalogItemKeys;
        var negatives = settings.UniformNegativeCount > 0
            ? new UniformNegativeSampler(catalog, settings.UniformNegativeCount, settings.Seed)
            : null;
        var explicitNegatives = useExplicitNegatives
            ? new ExplicitNegativeSampler(negativeSplit.TrainUserKeys, negativeSplit.TrainItemKeys, data.Users.KeyCount,
                settings.Seed + 3, negativeSplit.TrainRatings)
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
        var meanRating = terms.Rating ? (float)split.TrainRatings.Concat(negativeSplit.TrainRatings).Average() : 0f;
        // The history a user tower reads: this run's training positives (a validated run's held-out pairs are unseen).
        var userHistory = userArchitecture.HasHistory
            ? KeyHistory.FromPairs(split.TrainUserKeys, split.TrainItemKeys, data.Users.KeyCount, data.Items.KeyCount)
            : null;
        using var network = new TwoTowerNetwork(userArchitecture, itemArchitecture, settings.InitialTemperature,
            settings.LearnTemperature, settings.MinTemperature, settings.MaxTemperature, random, meanRating, userHistory);
        network.to(device);
        using var optimizer = new ExplicitScalarAdam(network.parameters().Where(p => p.requires_grad), settings.LearningRate);
        // Retrieval alone (no rating, no disliked items) learns more slowly: it gets the longer budget and patience, no
        // weight averaging and a refit (see TwoTowerTrainerDefaults.RetrievalOnlyWeightAveragingEpochs and its siblings).
        var retrievalOnly = !terms.Rating && !useExplicitNegatives;
        var (numberOfEpochs, patience, averagingEpochs, refit) = settings.Resolve(retrievalOnly);
        if (refitChoice is not null)
            numberOfEpochs = refitChoice.Epoch;
        else
            log?.Invoke(Plan(numberOfEpochs, patience, averagingEpochs, refit, retrievalOnly, validating: validator is not null) +
                (userHistory is null ? "" : $" The user tower reads each user's training items ({userArchitecture.HistoryEmbeddingSize}-wide history vector)."));
        // Validation, early stopping and export read the moving average of the weights when it is on.
        using var average = averagingEpochs > 0
            ? new WeightAverage(network, WeightAverage.DecayFor(averagingEpochs, StepsPerEpoch(split.TrainCount, settings.BatchSize)))
            : null;

        var tables = new BatchTables(FeatureRows.From(data.Users, device), FeatureRows.From(data.Items, device));
        var userKeyMap = tensor(KeyMap(data.Users.KeyCount, trainedUsers), device: device);
        var itemKeyMap = tensor(KeyMap(data.Items.KeyCount, trainedItems), device: device);
        // The prior counts what the model trains on: the training positives (validation pairs are unseen).
        var prior = terms.PopularityPrior ? ScoreTerms.LogPopularity(split.TrainItemKeys, data.Items.KeyCount) : null;
        var batchPlan = new BatchPlan(terms, settings.RatingLossWeight, settings.RatingLossUpdatesEmbeddings, split, negatives, explicitNegatives, tables, settings.BatchSize, device);

        var losses = new List<float>(numberOfEpochs);
        var stopping = new EarlyStopping(patience);
        TrainedTowers? best = null;
        var clock = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= numberOfEpochs; epoch++)
        {
            var epochStart = clock.Elapsed;
            var (loss, examples) = RunEpoch(network, optimizer, average, shuffler, task, batchPlan, cancellation);
            if (!float.IsFinite(loss))
            {
                throw new InvalidOperationException(
                    $"The Two-Tower model diverged: the mean loss of epoch {epoch} is {loss}. Lower the learning rate (currently {settings.LearningRate}) and train again.");
            }
            losses.Add(loss);
            var epochSeconds = Math.Max((clock.Elapsed - epochStart).TotalSeconds, 1e-9);
            EpochChoice choice;
            using (average?.SwapIn())
            {
                choice = Choose(network, tables, userKeyMap, itemKeyMap, terms, prior, settings, validator, rankingValidator, epoch);
                if (choice.ValidationRecall is not null && stopping.Improved(epoch, choice.SelectionScore))
                    best = Export(network, trainedUsers, trainedItems, losses, terms, prior, choice, settings.ValidationTopK);
            }
            onEpoch(new TwoTowerEpochProgress
            {
                Epoch = epoch,
                NumberOfEpochs = numberOfEpochs,
                Loss = loss,
                Temperature = network.TemperatureValue,
                ExamplesPerSecond = examples / epochSeconds,
                Elapsed = clock.Elapsed,
                ValidationRecall = choice.ValidationRecall,
                ValidationNdcg = choice.ValidationNdcg,
                ValidationTopK = validator?.K ?? 0,
                BestEpoch = stopping.BestEpoch,
                Refit = refitChoice is not null,
            });
            if (validator is not null && stopping.ShouldStop(epoch))
                break;
        }

        network.eval();
        if (best is not null)
            return best with { EpochLosses = losses, RefitRequested = refit };
        // Without validation nothing is chosen: β = 0 and λ = 0 (see Choose); a refit keeps what the validated run chose.
        using var averaged = average?.SwapIn();
        return Export(network, trainedUsers, trainedItems, losses, terms, prior,
            refitChoice ?? new EpochChoice(losses.Count, Beta: 0f, Lambda: 0f, ValidationRecall: null, ValidationNdcg: null),
            settings.ValidationTopK);
    }

    /// <summary>What the run will do, for the training log: the values the trainer resolved from the data included.</summary>
    private static string Plan(int epochs, int patience, float averagingEpochs, bool refit, bool retrievalOnly, bool validating) =>
        $"Two-Tower training plan ({(retrievalOnly ? "retrieval is the only task: no ratings or disliked items to rank by" : "ratings or disliked items to rank by")}): " +
        (validating
            ? $"up to {epochs} epochs, early stopping after {patience} without better validation recall, "
            : $"{epochs} epochs, no validation slice (nothing chosen, no early stopping, no refit), ") +
        (averagingEpochs > 0 ? $"the weights averaged over {averagingEpochs:0.##} epochs" : "no weight averaging") +
        (validating ? (refit ? ", then a refit on all the data with the chosen epoch count." : ", no refit.") : ".");

    /// <summary>
    /// The epoch's choices on the validation slice: β by Recall@K of the retrieval score, then λ by nDCG@K of the
    /// ranking score (ties go to the earlier candidate, so the result depends on the seed only). Without validation
    /// nothing is added: β = 0 (the towers' similarity alone), λ = 0 (the predicted rating).
    /// </summary>
    private static EpochChoice Choose(TwoTowerNetwork network, BatchTables tables, Tensor userKeyMap, Tensor itemKeyMap,
        ScoreTerms terms, float[]? prior, TrainingSettings settings, RecallValidator? validator,
        RankingValidator? rankingValidator, int epoch)
    {
        var beta = 0f;
        float? recall = null, ndcg = null;
        if (validator is not null)
        {
            var betas = terms.PopularityPrior ? settings.PopularityPriorWeightCandidates : [0f];
            var recalls = validator.Evaluate(network, tables.Users.Dense, tables.Items.Dense, userKeyMap, itemKeyMap, prior, betas);
            var bestBeta = ArgMax(recalls);
            (beta, recall) = (betas[bestBeta], recalls[bestBeta]);
        }
        var lambda = 0f;
        if (rankingValidator is not null)
        {
            var ndcgs = rankingValidator.Evaluate(network, tables.Users.Dense, tables.Items.Dense, userKeyMap, itemKeyMap, terms, prior, beta,
                settings.ScoreMixCandidates);
            var bestLambda = ArgMax(ndcgs);
            (lambda, ndcg) = (settings.ScoreMixCandidates[bestLambda], ndcgs[bestLambda]);
        }
        return new EpochChoice(epoch, beta, lambda, recall, ndcg);
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }

    private static TrainedTowers Export(TwoTowerNetwork network, IReadOnlySet<int> trainedUsers,
        IReadOnlySet<int> trainedItems, List<float> losses, ScoreTerms terms, float[]? prior, EpochChoice choice, int topK)
    {
        var (mu, w) = terms.Rating ? network.RatingTerms : (0f, 0f);
        var choices = new TwoTowerFitChoices
        {
            Epoch = choice.Epoch,
            RankingHead = terms.Rating,
            RankingHeadNote = terms.RatingNote,
            PopularityPrior = terms.PopularityPrior,
            PopularityPriorNote = terms.PriorNote,
            PopularityPriorWeight = choice.Beta,
            ScoreMix = terms.Rating ? choice.Lambda : 0f,
            GlobalBias = mu,
            RatingScale = w,
            ValidationTopK = topK,
            ValidationRecall = choice.ValidationRecall,
            ValidationNdcg = choice.ValidationNdcg,
        };
        return new TrainedTowers(
            network.UserTower.ExportWeights(trainedUsers, terms.UserRetrieval(choice.Beta),
                terms.UserRanking(choice.Beta, choice.Lambda, mu, w)),
            network.ItemTower.ExportWeights(trainedItems, terms.ItemRetrieval(), keyPrior: prior),
            network.TemperatureValue, losses.ToArray(), choice.Epoch) { Choices = choices };
    }

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

    /// <summary>Optimiser steps in one epoch: batches of at least 2 pairs (see RunEpoch).</summary>
    private static int StepsPerEpoch(int trainCount, int batchSize) =>
        Math.Max(1, trainCount / batchSize + (trainCount % batchSize >= 2 ? 1 : 0));

    /// <summary>key → key for keys with training pairs, else 0 (the unknown id row), as the exported model sees it.</summary>
    private static int[] KeyMap(int keyCount, IReadOnlySet<int> trained)
    {
        var map = new int[keyCount + 1];
        for (var key = 1; key <= keyCount; key++)
            map[key] = trained.Contains(key) ? key : 0;
        return map;
    }

    /// <summary>One pass over the shuffled training pairs; returns the mean loss per pair and the pairs seen.</summary>
    private static (float Loss, long Examples) RunEpoch(TwoTowerNetwork network, ExplicitScalarAdam optimizer,
        WeightAverage? average, Generator shuffler, RetrievalTask task, BatchPlan plan, TrainingCancellation cancellation)
    {
        network.train();
        var split = plan.Split;
        var count = split.TrainCount;
        long[] order;
        using (var permutation = randperm(count, generator: shuffler))
            order = permutation.data<long>().ToArray();
        double lossSum = 0;
        long examples = 0;
        for (var start = 0; start < count; start += plan.BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var size = Math.Min(plan.BatchSize, count - start);
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
            var sampled = plan.Negatives?.Next() ?? [];
            var (explicitRows, explicitItems, explicitRatings) = plan.ExplicitNegatives?.Next(userKeys) ?? ([], [], []);
            var device = plan.Device;
            // Int32 keys: index_select and the embedding lookup take either.
            var users = tensor(userKeys, device: device);
            var candidateKeys = itemKeys.Concat(sampled).Concat(explicitItems).ToArray();
            var candidates = tensor(candidateKeys, device: device);

            optimizer.ZeroGrad();
            // Each pair's user leaves its target out of their history (see KeyHistory.Gather).
            var (userEmbeddings, userHead) = plan.Tables.Users.Embed(network.UserTower, userKeys, users, withheld: itemKeys);
            var (candidateEmbeddings, candidateHead) = plan.Tables.Items.Embed(network.ItemTower, candidateKeys, candidates);
            var loss = task.Loss(userEmbeddings, candidateEmbeddings, network.Temperature(), itemKeys, sampled,
                explicitRows, explicitItems, network.RankingTemperature());
            if (plan.Terms.Rating)
                loss = loss.Plus(plan.RatingLoss(network, userEmbeddings, userHead!, candidateEmbeddings, candidateHead!,
                    order.AsSpan(start, size), sampled.Length, explicitRows, explicitRatings));
            loss.backward();
            optimizer.Step();
            network.ClampTemperature();
            average?.Update();

            lossSum += loss.item<float>() * size;
            examples += size;
        }
        return ((float)(lossSum / examples), examples);
    }

    /// <summary>What every batch of a run reads: the score terms, the samplers, the feature tables and the split.</summary>
    private sealed record BatchPlan(ScoreTerms Terms, float RatingLossWeight, bool RatingLossUpdatesEmbeddings, HoldOutSplit Split,
        UniformNegativeSampler? Negatives, ExplicitNegativeSampler? ExplicitNegatives, BatchTables Tables, int BatchSize,
        Device Device)
    {
        /// <summary>
        /// The weighted rating loss of the batch: its positive pairs (rows 0..B−1 of the candidates) and its explicit
        /// negatives (the last H candidates, each owned by a batch row), with their labels.
        /// </summary>
        public Tensor RatingLoss(TwoTowerNetwork network, Tensor users, Tensor userHead, Tensor candidates, Tensor candidateHead,
            ReadOnlySpan<long> order, int sampledCount, int[] explicitRows, float[] explicitRatings)
        {
            using var scope = NewDisposeScope();
            var size = order.Length;
            var ratings = new float[size + explicitRows.Length];
            for (var i = 0; i < size; i++)
                ratings[i] = Split.TrainRatings[order[i]];
            explicitRatings.CopyTo(ratings, size);
            var rows = tensor(Enumerable.Range(0, size).Concat(explicitRows).Select(r => (long)r).ToArray(), device: Device);
            var columns = tensor(Enumerable.Range(0, size).Concat(Enumerable.Range(size + sampledCount, explicitRows.Length))
                .Select(c => (long)c).ToArray(), device: Device);
            var (ratedUsers, ratedItems) = (users.index_select(0, rows), candidates.index_select(0, columns));
            if (!RatingLossUpdatesEmbeddings)
                (ratedUsers, ratedItems) = (ratedUsers.detach(), ratedItems.detach());
            var loss = Losses.RatingLoss.Compute(ratedUsers, ratedItems,
                userHead.select(1, ScoreTerms.UserRatingBiasColumn).index_select(0, rows),
                candidateHead.select(1, ScoreTerms.ItemRatingBiasColumn).index_select(0, columns),
                network.GlobalBias, network.RatingScale, tensor(ratings, device: Device));
            using var weight = RatingLossWeight.ToScalar(); // explicit: see ExplicitScalars
            return loss.mul(weight).MoveToOuterDisposeScope();
        }
    }

    /// <summary>The values chosen after one epoch and the validation metrics they reached.</summary>
    private sealed record EpochChoice(int Epoch, float Beta, float Lambda, float? ValidationRecall, float? ValidationNdcg)
    {
        /// <summary>
        /// What early stopping and the kept epoch compare: Recall@K of the retrieval score. The epoch decides the
        /// embeddings, whose own score is the retrieval score; λ then makes the best ranking score of that epoch. (With
        /// recall + nDCG here, ml-latest-small seed 42 kept an epoch that retrieved worse: catalogue Recall@10 0.144,
        /// against 0.168 for the same model without the ranking head, selected by recall.)
        /// </summary>
        public float SelectionScore => ValidationRecall ?? 0f;
    }

    private sealed record BatchTables(FeatureRows Users, FeatureRows Items);

    /// <summary>
    /// One side's features: the dense table on the device, which validation embeds from, and for a sparse table its
    /// non-zeros by row, from which training batches are gathered (<see cref="SparseFeatureTable"/>).
    /// </summary>
    private sealed record FeatureRows(Tensor Dense, SparseFeatureTable? Sparse)
    {
        public static FeatureRows From(FeatureTable table, Device device) =>
            new(tensor(table.Values, [table.KeyCount + 1L, table.Width], device: device), SparseFeatureTable.FromDense(table));

        /// <summary>The tower's embeddings and head outputs for a batch of keys, through the sparse first layer when it can.</summary>
        public (Tensor Embedding, Tensor? Head) Embed(Tower tower, int[] keys, Tensor keyTensor, int[]? withheld = null) => Sparse is null
            ? tower.EmbedWithHead(Dense.index_select(0, keyTensor), keyTensor, withheld)
            : tower.EmbedWithHead(Sparse.Gather(keys, keyTensor.device), keyTensor, withheld);
    }
}
