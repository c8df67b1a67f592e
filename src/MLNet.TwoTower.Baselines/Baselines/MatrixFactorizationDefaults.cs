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

    // ---- One-class factorization for implicit feedback (MatrixFactorizationTrainer.Options.ForImplicitFeedback) ----
    // ML.NET's trainer defaults above are for ratings: with Alpha 0.0001 the unobserved entries weigh almost nothing
    // and every score drifts towards 1 (ml-latest-small, implicit protocol, seed 42: nDCG@10 0.065, below popularity's
    // 0.211). ML.NET's one-class sample (docs/samples/Microsoft.ML.Samples/Dynamic/Trainers/Recommendation/
    // OneClassMatrixFactorizationWithOptions.cs) sets Alpha = 1 and C = 0.15 (Lambda left at 0.1, rank 32): 0.343 on
    // seed 43. Lambda is an absolute weight in the one-class objective, and a MovieLens user has about a hundred
    // observed entries, so 0.1 barely regularises: Lambda 10 gave 0.367 at rank 64 and 0.374 at rank 128 (1, 30 and
    // 100 gave 0.343, 0.252, 0.226; Alpha 0.3 or C 0.3 at Lambda 10: 0.352, 0.348). Chosen on the split of seed 43,
    // so the seed-42 numbers reported in docs/protocols.md were not used to pick them.
    public const double OneClassAlpha = 1;
    public const double OneClassC = 0.15;
    public const double OneClassLambda = 10;
    public const int OneClassApproximationRank = 64;
}
