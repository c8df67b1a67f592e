using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>Settings of <see cref="AblationStudy"/>.</summary>
public sealed class AblationStudyOptions
{
    /// <summary>Seeds of the splits and trainers; results are reported as mean ± std over them. Default 42, 43, 44.</summary>
    public IReadOnlyList<int> Seeds { get; set; } = [42, 43, 44];

    /// <summary>
    /// Named baselines run beside the floors (<see cref="ReferenceExperiment.ModelNames"/>). Default: matrix
    /// factorization (ML.NET's contract) and biased matrix factorization with the item-bias fallback for cold users.
    /// </summary>
    public IReadOnlyList<string> Baselines { get; set; } = [ReferenceExperiment.MatrixFactorization, ReferenceExperiment.MatrixFactorizationItemBias];

    /// <summary>Two-Tower configurations to compare. Default <see cref="AblationLadder.Default"/>.</summary>
    public IReadOnlyList<TwoTowerVariant> Variants { get; set; } = AblationLadder.Default;

    /// <summary>Two-stage configurations to run after the Two-Tower variants (issue 12's ablation). Default: none.</summary>
    public IReadOnlyList<TwoStageVariant> TwoStageVariants { get; set; } = [];

    /// <summary>Two-Tower epochs for every variant; null keeps each variant's own.</summary>
    public int? Epochs { get; set; }

    /// <summary>Share of users held out for the cold-user protocol. Default 0.1; 0 skips it.</summary>
    public double ColdUserFraction { get; set; } = 0.1;

    /// <summary>Share of items held out for the cold-item protocol. Default 0.1; 0 skips it.</summary>
    public double ColdItemFraction { get; set; } = 0.1;

    /// <summary>
    /// Implicit feedback: every interaction a positive, the implicit protocols instead of the rating ones
    /// (<see cref="ExperimentOptions.Implicit"/>); the tables then show <see cref="AblationMetric.ImplicitHeadline"/>.
    /// Default false. Set <see cref="Baselines"/> to models that suit it (<see cref="ReferenceExperiment.OneClassMatrixFactorization"/>).
    /// </summary>
    public bool Implicit { get; set; }

    /// <summary>The generated dataset's ground truth, for the <see cref="ReferenceExperiment.Oracle"/> baseline; null otherwise.</summary>
    public Datasets.Generation.PseudoDatasetTruth? Truth { get; set; }

    /// <summary>CPU threads for the trainers; null lets each decide.</summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>Receives a line per stage and per fitted model.</summary>
    public Action<string>? OnStage { get; set; }

    /// <summary>Receives (model, epoch report) while Two-Tower models train.</summary>
    public Action<string, TwoTowerEpochProgress>? OnEpoch { get; set; }
}
