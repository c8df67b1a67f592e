using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Experiments;

/// <summary>Settings of <see cref="ReferenceExperiment"/>.</summary>
public sealed class ExperimentOptions
{
    /// <summary>Seed of the splits and of every trainer. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Two-Tower training epochs; null keeps each configuration's default.</summary>
    public int? Epochs { get; set; }

    /// <summary>Share of rating rows in the warm test set (reference protocol). Default 0.2.</summary>
    public double TestFraction { get; set; } = 0.2;

    /// <summary>Share of users held out entirely for the cold-start protocol. Default 0.1.</summary>
    public double ColdUserFraction { get; set; } = 0.1;

    /// <summary>Share of items held out entirely for the cold-start item protocol. Default 0.1; 0 skips it.</summary>
    public double ColdItemFraction { get; set; } = 0.1;

    /// <summary>
    /// Implicit feedback: every interaction a positive, ratings ignored; the implicit protocols of docs/protocols.md run
    /// instead of the rating ones (<see cref="Evaluation.ComparisonOptions.Implicit"/>). Default false.
    /// </summary>
    public bool Implicit { get; set; }

    /// <summary>Rank of the matrix-factorization baseline and of the reference's behaviour features. Default 128.</summary>
    public int FactorRank { get; set; } = 128;

    /// <summary>CPU threads for the trainers; null lets each decide.</summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>
    /// Which named models to run (<see cref="ReferenceExperiment.ModelNames"/>); null runs
    /// <see cref="ReferenceExperiment.DefaultModels"/> unless <see cref="Variants"/> or <see cref="TwoStageVariants"/> is set, then none.
    /// </summary>
    public IReadOnlyList<string>? Models { get; set; }

    /// <summary>
    /// The generated dataset's ground truth (<see cref="PseudoDatasetGenerator.GenerateWithTruth"/>), needed by the
    /// <see cref="ReferenceExperiment.Oracle"/> row and by nothing else; null for data that was not generated.
    /// </summary>
    public PseudoDatasetTruth? Truth { get; set; }

    /// <summary>Further Two-Tower configurations to run after the named models (ablations); null for none.</summary>
    public IReadOnlyList<TwoTowerVariant>? Variants { get; set; }

    /// <summary>Further two-stage configurations to run after the Two-Tower variants (ablations); null for none.</summary>
    public IReadOnlyList<TwoStageVariant>? TwoStageVariants { get; set; }

    /// <summary>Receives (model name, epoch report) while Two-Tower models train.</summary>
    public Action<string, TwoTowerEpochProgress>? OnEpoch { get; set; }

    /// <summary>Receives a line when a stage starts ("training TwoTower", …).</summary>
    public Action<string>? OnStage { get; set; }

    /// <summary>
    /// Stops Two-Tower training at the next batch with <see cref="OperationCanceledException"/> (passed to
    /// <see cref="TwoTowerTrainer.Options.CancellationToken"/>). Default: none.
    /// </summary>
    public CancellationToken CancellationToken { get; set; }
}
