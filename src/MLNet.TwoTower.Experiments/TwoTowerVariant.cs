namespace MLNet.TwoTower.Experiments;

/// <summary>
/// One Two-Tower configuration an experiment trains: a name, what it changes, and how. Each starts from the
/// library's defaults (<see cref="TwoTowerTrainer.Options"/> as constructed) with the experiment's columns, seed and
/// threads already set; <see cref="Configure"/> then changes what the variant is about.
/// </summary>
public sealed class TwoTowerVariant
{
    /// <summary>Creates a variant.</summary>
    /// <param name="name">Row name in every table (unique within an experiment).</param>
    /// <param name="description">One line: what this variant changes.</param>
    /// <param name="configure">Changes to the library's default options; null keeps them.</param>
    /// <param name="matrixFactorizationFeatures">
    /// Whether matrix-factorization factors (rank <see cref="ExperimentOptions.FactorRank"/>, the mean factor vector
    /// for ids without training rows) are concatenated before the content features: the reference experiment's
    /// behaviour features.
    /// </param>
    public TwoTowerVariant(string name, string description, Action<TwoTowerTrainer.Options>? configure = null,
        bool matrixFactorizationFeatures = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Description = description ?? string.Empty;
        Configure = configure ?? (_ => { });
        MatrixFactorizationFeatures = matrixFactorizationFeatures;
    }

    /// <summary>The reference experiment's learning rate (Adam).</summary>
    public const float ReferenceLearningRate = 1e-3f;

    /// <summary>The reference experiment's number of epochs, all of them trained (no early stopping).</summary>
    public const int ReferenceEpochs = 20;

    /// <summary>Row name in every table.</summary>
    public string Name { get; }

    /// <summary>What this variant changes.</summary>
    public string Description { get; }

    /// <summary>Applied to the library's default options (columns, seed and threads already set).</summary>
    public Action<TwoTowerTrainer.Options> Configure { get; }

    /// <summary>Whether matrix-factorization factors are behaviour features (the reference experiment's inputs).</summary>
    public bool MatrixFactorizationFeatures { get; }

    /// <summary>The library's defaults on the dataset's content features.</summary>
    public static TwoTowerVariant LibraryDefault { get; } =
        new(ReferenceExperiment.TwoTower, "the library's defaults (content features, learned ids with id dropout, every training refinement on by default)");

    /// <summary>
    /// The experiment this project starts from: matrix-factorization factors (mean vector for users without
    /// history) next to the content features, plain in-batch softmax, a fixed number of epochs; every refinement of
    /// the library turned off.
    /// </summary>
    public static TwoTowerVariant Reference { get; } = new(ReferenceExperiment.TwoTowerReference,
        "the reference experiment: MF factors + content, mean factors for cold users, plain in-batch softmax, fixed epochs",
        ReferenceSettings, matrixFactorizationFeatures: true);

    /// <summary>
    /// Turns off everything the library adds to the reference experiment's training and restores the reference's
    /// optimiser settings (Adam 1e-3, 20 epochs).
    /// </summary>
    public static void ReferenceSettings(TwoTowerTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LearningRate = ReferenceLearningRate;
        options.NumberOfEpochs = ReferenceEpochs;
        options.SamplingBiasCorrection = Training.SamplingBiasCorrection.None;
        options.RemoveAccidentalHits = false;
        options.UniformNegativeCount = 0;
        options.ExplicitNegativeWeight = 0;
        options.PairwiseRankingWeight = 0;
        options.UserIdEmbeddingSize = 0;
        options.ItemIdEmbeddingSize = 0;
        options.ValidationFraction = 0;
        options.PopularityPrior = false;
        options.RatingLossWeight = 0;
        options.WeightAveragingEpochs = 0;
    }
}
