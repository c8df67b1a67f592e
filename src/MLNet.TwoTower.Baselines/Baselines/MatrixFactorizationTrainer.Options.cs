using MLNet.TwoTower.Schema;


namespace MLNet.TwoTower.Baselines;

public sealed partial class MatrixFactorizationTrainer
{
    /// <summary>
    /// Options of <see cref="MatrixFactorizationTrainer"/>. The first block mirrors ML.NET's
    /// <c>MatrixFactorizationTrainer.Options</c> member for member (names, defaults, meaning; the three column names
    /// default to <see cref="DefaultColumnNames"/>, where ML.NET has no default); the second block adds
    /// biases, factor output columns, the unseen-key fallback and a seed.
    /// </summary>
    public sealed class Options
    {
        /// <summary>
        /// Name of the key-typed column used as the matrix column index (the item); the name is ML.NET's. Default
        /// <see cref="DefaultColumnNames.ItemId"/> (ML.NET has no default), the library-wide item column.
        /// </summary>
        public string? MatrixColumnIndexColumnName { get; set; } = DefaultColumnNames.ItemId;

        /// <summary>
        /// Name of the key-typed column used as the matrix row index (the user); the name is ML.NET's. Default
        /// <see cref="DefaultColumnNames.UserId"/> (ML.NET has no default), the library-wide user column.
        /// </summary>
        public string? MatrixRowIndexColumnName { get; set; } = DefaultColumnNames.UserId;

        /// <summary>
        /// Name of the <c>Single</c> or <c>Double</c> column holding the matrix element value (the rating). Default
        /// <see cref="DefaultColumnNames.Label"/>. Rows whose label is NaN are skipped.
        /// </summary>
        public string? LabelColumnName { get; set; } = DefaultColumnNames.Label;

        /// <summary>
        /// Loss function minimized for finding the factor matrices. Default
        /// <see cref="LossFunctionType.SquareLossRegression"/>.
        /// </summary>
        public LossFunctionType LossFunction { get; set; } = MatrixFactorizationDefaults.LossFunction;

        /// <summary>
        /// Regularization weight of the factor matrices' squared Frobenius norms. Default 0.1. Must be positive.
        /// A small value overfits; a large value shrinks every prediction towards zero (or the biases).
        /// </summary>
        public double Lambda { get; set; } = MatrixFactorizationDefaults.Lambda;

        /// <summary>
        /// Rank k of the approximation: the number of factors per user and per item. Default 8. Must be positive.
        /// Larger ranks fit more but cost time linearly and overfit without enough <see cref="Lambda"/>.
        /// </summary>
        public int ApproximationRank { get; set; } = MatrixFactorizationDefaults.ApproximationRank;

        /// <summary>Number of passes over the training data. Default 20. Must be positive.</summary>
        public int NumberOfIterations { get; set; } = MatrixFactorizationDefaults.NumberOfIterations;

        /// <summary>
        /// Initial learning rate of the stochastic gradient method (each user's and item's step then shrinks with
        /// its accumulated squared gradients, AdaGrad style). Default 0.1. Must be positive. A small value needs more
        /// iterations; a large one can diverge to infinity (training then stops with an error).
        /// </summary>
        public double LearningRate { get; set; } = MatrixFactorizationDefaults.LearningRate;

        /// <summary>
        /// Weight of the unobserved entries' loss in one-class factorization (only with
        /// <see cref="LossFunctionType.SquareLossOneClass"/>). Default 0.0001. Must be positive. A good start is
        /// (number of observed entries) / (number of unobserved entries).
        /// </summary>
        public double Alpha { get; set; } = MatrixFactorizationDefaults.Alpha;

        /// <summary>
        /// Target value of the unobserved entries in one-class factorization (only with
        /// <see cref="LossFunctionType.SquareLossOneClass"/>). Default 0.000001.
        /// </summary>
        public double C { get; set; } = MatrixFactorizationDefaults.C;

        /// <summary>
        /// Number of training threads; null uses every core. Must be positive when set. Results depend on the seed and
        /// not on the thread count as long as it is at most 10 (the data is cut into max(20, 2 × threads) bins per
        /// side and each round updates non-overlapping blocks only).
        /// </summary>
        public int? NumberOfThreads { get; set; }

        /// <summary>Suppress the per-iteration training progress written to the console. Default false, as in ML.NET.</summary>
        public bool Quiet { get; set; } = MatrixFactorizationDefaults.Quiet;

        /// <summary>Force the factor matrices to be non-negative. Default false.</summary>
        public bool NonNegative { get; set; } = MatrixFactorizationDefaults.NonNegative;

        // ---- Beyond ML.NET ----

        /// <summary>
        /// Learn a global mean and a bias per user and per item besides the factors (biased SVD). Default false (LIBMF
        /// has no biases). Only with <see cref="LossFunctionType.SquareLossRegression"/>.
        /// </summary>
        public bool UseBiases { get; set; } = MatrixFactorizationDefaults.UseBiases;

        /// <summary>
        /// What unseen, missing or out-of-range keys get. Default <see cref="UnseenKeyFallback.NaN"/> (ML.NET's behaviour).
        /// </summary>
        public UnseenKeyFallback UnseenKeyFallback { get; set; } = MatrixFactorizationDefaults.Fallback;

        /// <summary>
        /// Output column for the user (row) factor vector, a vector of <see cref="ApproximationRank"/> singles.
        /// Default "UserFactors"; null or empty to leave it out.
        /// </summary>
        public string? UserFactorsColumnName { get; set; } = DefaultColumnNames.UserFactors;

        /// <summary>
        /// Output column for the item (column) factor vector. Default "ItemFactors"; null or empty to leave it out.
        /// </summary>
        public string? ItemFactorsColumnName { get; set; } = DefaultColumnNames.ItemFactors;

        /// <summary>
        /// Options for one-class factorization of implicit feedback (every observed entry a positive, label 1):
        /// <see cref="LossFunctionType.SquareLossOneClass"/> with Alpha 1 and C 0.15 (ML.NET's one-class sample),
        /// Lambda 10 and rank 64: the baseline of the implicit comparison (docs/protocols.md). ML.NET's defaults
        /// (Alpha 0.0001, C 0.000001, Lambda 0.1, rank 8) are for ratings: with them the unobserved entries weigh almost
        /// nothing and every score drifts towards 1 (on ml-latest-small's implicit protocol nDCG@10 0.065 against
        /// popularity's 0.211). Every other member keeps its default; set them on the result.
        /// </summary>
        public static Options ForImplicitFeedback() => new()
        {
            LossFunction = LossFunctionType.SquareLossOneClass,
            Alpha = MatrixFactorizationDefaults.OneClassAlpha,
            C = MatrixFactorizationDefaults.OneClassC,
            Lambda = MatrixFactorizationDefaults.OneClassLambda,
            ApproximationRank = MatrixFactorizationDefaults.OneClassApproximationRank,
        };

        /// <summary>
        /// Seed of the initialization and the block order. Null takes the MLContext's seed stream. The same seed gives
        /// the same model.
        /// </summary>
        public int? Seed { get; set; }
    }
}
