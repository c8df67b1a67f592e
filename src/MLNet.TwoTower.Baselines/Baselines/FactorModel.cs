namespace MLNet.TwoTower.Baselines;

/// <summary>
/// What a solver returns: row-major factor tables (rows = 0-based key index), optional biases and the training
/// counts that tell seen from unseen keys.
/// </summary>
internal sealed class FactorModel
{
    public required int Rank { get; init; }
    public required float[] UserFactors { get; init; }
    public required float[] ItemFactors { get; init; }
    public float[]? UserBiases { get; init; }
    public float[]? ItemBiases { get; init; }
    public float GlobalBias { get; init; }
    public required int[] UserCounts { get; init; }
    public required int[] ItemCounts { get; init; }
    public required double[] TrainingLossPerIteration { get; init; }
}
