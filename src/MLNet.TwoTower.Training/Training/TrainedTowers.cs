using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower.Training;

/// <summary>
/// What the training loop hands back: both towers' weights (the best validation epoch's when validating, else the
/// last epoch's), their τ, the loss of every epoch run and the epoch the weights come from.
/// </summary>
internal sealed record TrainedTowers(TowerWeights UserTower, TowerWeights ItemTower, float Temperature,
    IReadOnlyList<float> EpochLosses, int Epoch = 0)
{
    /// <summary>What was chosen on validation and the ranking head's scalar terms.</summary>
    public TwoTowerFitChoices? Choices { get; init; }

    /// <summary>Whether the run's plan asks for a refit on all the data with its choices (a validated run only).</summary>
    public bool RefitRequested { get; init; }
}
