namespace MLNet.TwoTower.Training;

/// <summary>
/// The optimisation settings the training loop needs, resolved from the trainer options by
/// <see cref="TwoTowerTrainer"/>. Every value is set by name there; there are no defaults here (they live in
/// <see cref="TwoTowerTrainerDefaults"/>, read by the options).
/// </summary>
internal sealed class TrainingSettings
{
    /// <summary>Null: chosen by <see cref="Resolve"/> from whether retrieval is the only task.</summary>
    public required int? NumberOfEpochs { get; init; }
    public required int BatchSize { get; init; }
    public required float LearningRate { get; init; }

    /// <summary>Seeds the weights, dropout, batch order, negatives and the validation hold-out.</summary>
    public required int Seed { get; init; }

    /// <summary>TorchSharp's thread count while training; null keeps TorchSharp's own.</summary>
    public required int? NumberOfThreads { get; init; }

    public required float InitialTemperature { get; init; }
    public required bool LearnTemperature { get; init; }
    public required float MinTemperature { get; init; }
    public required float MaxTemperature { get; init; }
    public required SamplingBiasCorrection SamplingBiasCorrection { get; init; }
    public required bool RemoveAccidentalHits { get; init; }
    public required int UniformNegativeCount { get; init; }
    public required float ValidationFraction { get; init; }
    public required int ValidationTopK { get; init; }
    /// <summary>Null: chosen by <see cref="Resolve"/> from whether retrieval is the only task.</summary>
    public required int? EarlyStoppingPatience { get; init; }
    public required float ExplicitNegativeWeight { get; init; }
    public required float PairwiseRankingWeight { get; init; }
    public required float RatingLossWeight { get; init; }
    public required bool RatingLossUpdatesEmbeddings { get; init; }
    public required bool PopularityPrior { get; init; }
    public required float[] PopularityPriorWeightCandidates { get; init; }
    public required float[] ScoreMixCandidates { get; init; }
    public required int MaxValidationUsers { get; init; }
    /// <summary>Null: chosen by <see cref="Resolve"/> from whether retrieval is the only task.</summary>
    public required float? WeightAveragingEpochs { get; init; }
    /// <summary>Null: chosen by <see cref="Resolve"/> from whether retrieval is the only task.</summary>
    public required bool? RefitOnAllData { get; init; }

    /// <summary>
    /// The epoch budget, patience, weight-averaging span and refit this run uses: the options' values, or where they are null
    /// the defaults for its tasks (<see cref="TwoTowerTrainerDefaults.RetrievalOnlyNumberOfEpochs"/> and its siblings
    /// when retrieval is the only one).
    /// </summary>
    public (int Epochs, int Patience, float WeightAveragingEpochs, bool RefitOnAllData) Resolve(bool retrievalOnly) => (
        NumberOfEpochs ?? (retrievalOnly ? TwoTowerTrainerDefaults.RetrievalOnlyNumberOfEpochs : TwoTowerTrainerDefaults.NumberOfEpochs),
        EarlyStoppingPatience ?? (retrievalOnly ? TwoTowerTrainerDefaults.RetrievalOnlyEarlyStoppingPatience : TwoTowerTrainerDefaults.EarlyStoppingPatience),
        WeightAveragingEpochs ?? (retrievalOnly ? TwoTowerTrainerDefaults.RetrievalOnlyWeightAveragingEpochs : TwoTowerTrainerDefaults.WeightAveragingEpochs),
        RefitOnAllData ?? (retrievalOnly ? TwoTowerTrainerDefaults.RetrievalOnlyRefitOnAllData : TwoTowerTrainerDefaults.RefitOnAllData));
}
