namespace MLNet.TwoTower.Training;

/// <summary>The optimisation settings the training loop needs, resolved from the trainer options.</summary>
internal sealed record TrainingSettings(
    int NumberOfEpochs,
    int BatchSize,
    float LearningRate,
    int Seed,
    int? NumberOfThreads,
    float InitialTemperature,
    bool LearnTemperature,
    float MinTemperature,
    float MaxTemperature,
    SamplingBiasCorrection SamplingBiasCorrection = SamplingBiasCorrection.None,
    bool RemoveAccidentalHits = false,
    int UniformNegativeCount = 0,
    float ValidationFraction = 0f,
    int ValidationTopK = 10,
    int EarlyStoppingPatience = int.MaxValue,
    float ExplicitNegativeWeight = 0f,
    float PairwiseRankingWeight = 0f);
