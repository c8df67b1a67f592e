using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower.Training;

/// <summary>What the training loop hands back: both towers' weights, the final τ and the loss of every epoch.</summary>
internal sealed record TrainedTowers(TowerWeights UserTower, TowerWeights ItemTower, float Temperature,
    IReadOnlyList<float> EpochLosses);
