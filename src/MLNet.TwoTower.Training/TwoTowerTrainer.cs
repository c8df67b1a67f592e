using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Training;
using MLNet.TwoTower.MLNetInput;
using MLNet.TwoTower.Training.MLNetInput;

namespace MLNet.TwoTower;

/// <summary>
/// Trains a Two-Tower retrieval model with TorchSharp: a user tower and an item tower (MLPs over the feature vectors and
/// learned id embeddings) whose L2-normalised outputs are compared by dot product, learned with InfoNCE over in-batch
/// negatives (logQ-corrected, accidental hits removed, optionally mixed with uniform negatives), keeping the epoch with
/// the best held-out Recall@K, with a jointly trained rating head and a validated popularity prior. Create it
/// with <c>ml.Ranking.Trainers.TwoTower(...)</c>; <see cref="Fit"/> returns a <see cref="TwoTowerTransformer"/> that
/// adds <c>Score</c>, <c>RetrievalScore</c>, <c>UserEmbedding</c> and <c>ItemEmbedding</c>.
/// </summary>
/// <remarks>
/// The data is read once: every user's and item's features are stored once per key and the positive rows become id
/// pairs, so memory grows with the number of users and items, not with interactions × feature width.
/// </remarks>
public sealed partial class TwoTowerTrainer : IEstimator<TwoTowerTransformer>
{
    private readonly IHostEnvironment environment;
    private readonly IHost host;
    private readonly Options options;

    internal TwoTowerTrainer(IHostEnvironment environment, Options options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.environment = environment;
        this.options = options;
        host = environment.Register(nameof(TwoTowerTrainer));
    }

    /// <summary>Trains on <paramref name="input"/> and returns the fitted model.</summary>
    /// <param name="input">Interactions with the id keys, feature vectors and label named in the options.</param>
    /// <exception cref="ArgumentException">A column is missing or mistyped, or the data holds rows the model cannot
    /// learn from (the message names the column and row).</exception>
    /// <exception cref="InvalidOperationException">Training diverged (lower the learning rate).</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token was cancelled, or
    /// <c>ml.CancelExecution()</c> was called; training stops at the next batch and releases its tensors.</exception>
    public TwoTowerTransformer Fit(IDataView input)
    {
        var parameters = TrainParameters(input);
        return new TwoTowerTransformer(HostEnvironmentSettings.Read(environment).CreateContext(environment), parameters);
    }

    /// <summary>
    /// The schema <see cref="Fit"/>'s model produces: the input columns plus <c>Score</c> and <c>RetrievalScore</c>
    /// (Single), <c>UserEmbedding</c> and <c>ItemEmbedding</c> (Single vectors). Rejects an input that
    /// lacks a required column or has one of the wrong type.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        options.Validate();
        TwoTowerSchemaValidator.Validate(inputSchema, options);
        return TwoTowerOutputSchema.Create(inputSchema, options.TowerLayerSizes[^1]);
    }

    /// <summary>Runs the whole training and returns the weights, without building a transformer.</summary>
    internal TwoTowerModelParameters TrainParameters(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        options.Validate();
        var columns = TwoTowerSchemaValidator.Validate(input.Schema, options);
        var settings = HostEnvironmentSettings.Read(environment);

        // Stops at the next batch on the options' token or on ml.CancelExecution(), as ML.NET trainers' Host.CheckAlive().
        var cancellation = new TrainingCancellation(options.CancellationToken, environment, host);
        using var channel = host.Start("Training");
        var device = TorchDeviceSelector.Select(settings.GpuDeviceId, settings.FallbackToCpu,
            message => channel.Warning(MessageSensitivity.None, message));
        var data = InteractionReader.Read(input, columns, options.PositiveThreshold, cancellation);
        channel.Info(MessageSensitivity.None, $"Two-Tower training on {device.type}: {data.PositiveCount} positive pairs, " +
            $"{columns.UserKeyCount} user keys × {columns.UserFeatureSize} features, " +
            $"{columns.ItemKeyCount} item keys × {columns.ItemFeatureSize} features.");

        TrainedTowers trained;
        try
        {
            trained = TwoTowerTrainingLoop.Run(data,
                Architecture(columns.UserFeatureSize, options.UserIdEmbeddingSize, columns.UserKeyCount) with
                {
                    // The history is exported in the id table, so it exists only with one (see the option).
                    HistoryEmbeddingSize = options.UserIdEmbeddingSize > 0 ? options.UserHistoryEmbeddingSize : 0,
                    HistoryItemKeyCount = columns.ItemKeyCount,
                },
                Architecture(columns.ItemFeatureSize, options.ItemIdEmbeddingSize, columns.ItemKeyCount),
                Settings(settings.Seed), device,
                progress =>
                {
                    channel.Info(MessageSensitivity.None, progress.ToString());
                    options.Progress?.Report(progress);
                },
                cancellation,
                message => channel.Info(MessageSensitivity.None, message));
        }
        catch (ExternalException error)
        {
            // libtorch reports through ExternalException with a C++ backtrace; keep the first line, say what failed.
            var reason = error.Message.Split('\n', 2)[0];
            throw new InvalidOperationException(
                $"TorchSharp failed while training the Two-Tower model on {device.type}: {reason}. If it ran out of memory, lower BatchSize or the TowerLayerSizes.",
                error);
        }

        if (trained.Choices is { } choices)
            channel.Info(MessageSensitivity.None, $"Two-Tower choices on the validation slice: {choices}.");
        return new TwoTowerModelParameters
        {
            Choices = trained.Choices,
            UserTower = trained.UserTower,
            ItemTower = trained.ItemTower,
            Temperature = trained.Temperature,
            UserIdColumnName = columns.UserIdColumnName,
            ItemIdColumnName = columns.ItemIdColumnName,
            UserFeaturesColumnName = columns.UserFeaturesColumnName,
            ItemFeaturesColumnName = columns.ItemFeaturesColumnName,
            UserKeyCount = columns.UserKeyCount,
            ItemKeyCount = columns.ItemKeyCount,
        };
    }

    private TowerArchitecture Architecture(int featureSize, int idEmbeddingSize, int keyCount) => new(
        featureSize, options.TowerLayerSizes.ToArray(), options.DropoutRate, options.LeakyReluSlope,
        options.ActivateOutputLayer, options.NormalizeEmbeddings, TwoTowerTrainerDefaults.BatchNormEpsilon,
        idEmbeddingSize, keyCount, options.IdDropoutRate);

    private TrainingSettings Settings(int? contextSeed) => new()
    {
        NumberOfEpochs = options.NumberOfEpochs,
        BatchSize = options.BatchSize,
        LearningRate = options.LearningRate,
        Seed = options.Seed ?? contextSeed ?? host.Rand.Next(),
        NumberOfThreads = options.NumberOfThreads,
        InitialTemperature = options.InitialTemperature,
        LearnTemperature = options.LearnTemperature,
        MinTemperature = TwoTowerTrainerDefaults.MinTemperature,
        MaxTemperature = TwoTowerTrainerDefaults.MaxTemperature,
        SamplingBiasCorrection = options.SamplingBiasCorrection,
        RemoveAccidentalHits = options.RemoveAccidentalHits,
        UniformNegativeCount = options.UniformNegativeCount,
        ValidationFraction = options.ValidationFraction,
        ValidationTopK = options.ValidationTopK,
        EarlyStoppingPatience = options.EarlyStoppingPatience,
        ExplicitNegativeWeight = options.ExplicitNegativeWeight,
        PairwiseRankingWeight = options.PairwiseRankingWeight,
        RatingLossWeight = options.RatingLossWeight,
        RatingLossUpdatesEmbeddings = options.RatingLossUpdatesEmbeddings,
        PopularityPrior = options.PopularityPrior,
        PopularityPriorWeightCandidates = options.PopularityPriorWeightCandidates.ToArray(),
        ScoreMixCandidates = options.ScoreMixCandidates.ToArray(),
        MaxValidationUsers = options.MaxValidationUsers,
        WeightAveragingEpochs = options.WeightAveragingEpochs,
        RefitOnAllData = options.RefitOnAllData,
    };
}
