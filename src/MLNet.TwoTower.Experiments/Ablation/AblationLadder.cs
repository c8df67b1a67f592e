namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>
/// The default ablation: the reference experiment, then the library's refinements added one at a time, in the order
/// they build on each other, so that each row shows what one addition buys. Every rung starts from the reference
/// settings and turns the first n refinements back to the library's defaults, so the last rung is exactly the library
/// default (a test pins that).
/// </summary>
public static class AblationLadder
{
    private sealed record Step(string Name, string Description, Action<TwoTowerTrainer.Options, TwoTowerTrainer.Options> Restore,
        bool DropsFactorFeatures = false);

    private static readonly Step[] Steps =
    [
        new("+logQ", "sampling-bias (logQ) correction of in-batch negatives from exact counts",
            (options, defaults) => options.SamplingBiasCorrection = defaults.SamplingBiasCorrection),
        new("+hit removal", "an item twice in a batch is not its own negative",
            (options, defaults) => options.RemoveAccidentalHits = defaults.RemoveAccidentalHits),
        new("+ids (no MF)", "learned id embeddings with id dropout replace the MF factors and the mean-vector substitution",
            (options, defaults) =>
            {
                options.UserIdEmbeddingSize = defaults.UserIdEmbeddingSize;
                options.ItemIdEmbeddingSize = defaults.ItemIdEmbeddingSize;
                options.IdDropoutRate = defaults.IdDropoutRate;
            }, DropsFactorFeatures: true),
        new("+early stopping", "validation Recall@10 on held-out positives, best epoch kept",
            (options, defaults) =>
            {
                options.ValidationFraction = defaults.ValidationFraction;
                options.ValidationTopK = defaults.ValidationTopK;
                options.EarlyStoppingPatience = defaults.EarlyStoppingPatience;
            }),
        new("+explicit feedback", "items the user rated below the threshold as that user's hard negatives, and a pairwise ranking task (liked above disliked)",
            (options, defaults) =>
            {
                options.ExplicitNegativeWeight = defaults.ExplicitNegativeWeight;
                options.PairwiseRankingWeight = defaults.PairwiseRankingWeight;
            }),
        new("+mixed negatives", "uniformly sampled catalogue negatives next to the in-batch ones, with their own logQ correction",
            (options, defaults) => options.UniformNegativeCount = defaults.UniformNegativeCount),
        new("+optimiser", "the library's optimiser settings (learning rate, epochs) instead of the reference's",
            (options, defaults) =>
            {
                options.LearningRate = defaults.LearningRate;
                options.NumberOfEpochs = defaults.NumberOfEpochs;
            }),
        new("+popularity prior", "β·log(1 + item positives) in the retrieval score, β chosen on validation Recall@10",
            (options, defaults) =>
            {
                options.PopularityPrior = defaults.PopularityPrior;
                options.PopularityPriorWeightCandidates = defaults.PopularityPriorWeightCandidates;
            }),
        new("+ranking head", "a jointly trained rating head μ + b_user + b_item + w·⟨u, i⟩ (biases from each tower; the rating loss does not pull on ⟨u, i⟩) feeding Score, mixed with the retrieval score by λ chosen on validation nDCG@10",
            (options, defaults) =>
            {
                options.RatingLossWeight = defaults.RatingLossWeight;
                options.RatingLossUpdatesEmbeddings = defaults.RatingLossUpdatesEmbeddings;
                options.ScoreMixCandidates = defaults.ScoreMixCandidates;
            }),
        new("+weight averaging", "validation and export read a moving average of the weights over about an epoch (not when retrieval is the only task)",
            (options, defaults) => options.WeightAveragingEpochs = defaults.WeightAveragingEpochs),
    ];

    /// <summary>
    /// The ladder: <see cref="TwoTowerVariant.Reference"/>, then one rung per refinement, the last equal to the
    /// library's defaults (named <see cref="ReferenceExperiment.TwoTower"/>).
    /// </summary>
    public static IReadOnlyList<TwoTowerVariant> Default { get; } = Build();

    private static List<TwoTowerVariant> Build()
    {
        var variants = new List<TwoTowerVariant> { TwoTowerVariant.Reference };
        for (int rung = 1; rung <= Steps.Length; rung++)
        {
            var steps = Steps[..rung];
            bool last = rung == Steps.Length;
            variants.Add(new TwoTowerVariant(
                last ? ReferenceExperiment.TwoTower : steps[^1].Name,
                last ? $"previous row {steps[^1].Name}: {steps[^1].Description} = the library defaults" : $"previous row + {steps[^1].Description}",
                options =>
                {
                    var defaults = new TwoTowerTrainer.Options();
                    TwoTowerVariant.ReferenceSettings(options);
                    foreach (var step in steps)
                        step.Restore(options, defaults);
                },
                matrixFactorizationFeatures: !steps.Any(s => s.DropsFactorFeatures)));
        }
        return variants;
    }
}
