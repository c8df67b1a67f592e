namespace MLNet.TwoTower.Baselines;

/// <summary>
/// Defaults of <see cref="MatrixFactorizationTrainer.Options"/>, written once. The values are ML.NET's
/// (<c>MatrixFactorizationTrainer.Defaults</c> in Microsoft.ML.Recommender), including the float-rounded Alpha and C.
/// </summary>
internal static class MatrixFactorizationDefaults
{
    public const bool Quiet = false;
    public const bool NonNegative = false;
    public const double C = 0.000001f;
    public const double Alpha = 0.0001f;
    public const double LearningRate = 0.1;
    public const int NumberOfIterations = 20;
    public const int ApproximationRank = 8;
    public const double Lambda = 0.1;
    public const MatrixFactorizationTrainer.LossFunctionType LossFunction = MatrixFactorizationTrainer.LossFunctionType.SquareLossRegression;
    public const bool UseBiases = false;
    public const UnseenKeyFallback Fallback = UnseenKeyFallback.NaN;
}
