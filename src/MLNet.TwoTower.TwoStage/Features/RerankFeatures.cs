using System.Numerics.Tensors;

namespace MLNet.TwoTower.TwoStage.Features;

/// <summary>
/// The re-ranker's feature vector for one (user, candidate) pair, in one place for the three paths that build it
/// (training rows in <c>Fit</c>, the saved chain's ONNX graph, the catalogue scorer):
/// <list type="number">
/// <item>the towers' ranking score (<c>Score</c> of the Two-Tower model) and retrieval score (<c>RetrievalScore</c>);</item>
/// <item>the user's log(1 + training rows) and mean label;</item>
/// <item>the item's log(1 + training rows), mean label and log(1 + positive rows) (popularity);</item>
/// <item>the elementwise product of the two embeddings (its sum is the retrieval score; the trees may weigh
/// coordinates, including the popularity prior's, differently);</item>
/// <item>optionally, last, a matrix-factorization score (<see cref="MatrixFactorizationFeature"/>).</item>
/// </list>
/// The entities' own feature vectors are left out: they can be thousands wide (n-gram text) and reach the re-ranker
/// through the towers' embeddings already. Cold keys read row 0 of the statistics (counts 0, mean of all labels).
/// </summary>
internal static class RerankFeatures
{
    /// <summary>Tower score, retrieval score.</summary>
    public const int ScoreCount = 2;

    /// <summary>Position of the towers' ranking score (their <c>Score</c>).</summary>
    public const int TowerScorePosition = 0;

    /// <summary>Position of the retrieval score.</summary>
    public const int RetrievalScorePosition = 1;

    /// <summary>Position of the first statistic.</summary>
    public const int StatisticsOffset = ScoreCount;

    /// <summary>Position of the first embedding product.</summary>
    public const int ProductOffset = StatisticsOffset + EntityStatistics.UserWidth + EntityStatistics.ItemWidth;

    public static int Width(int embeddingSize, bool matrixFactorization = false) => ProductOffset + embeddingSize + (matrixFactorization ? 1 : 0);

    /// <summary>Position of the matrix-factorization score, when present: after the product.</summary>
    public static int MatrixFactorizationOffset(int embeddingSize) => ProductOffset + embeddingSize;

    /// <summary>Names of the features in order, for logs and docs.</summary>
    public static IEnumerable<string> Names(int embeddingSize) =>
        new[] { "TowerScore", "RetrievalScore", "UserLogCount", "UserMeanLabel", "ItemLogCount", "ItemMeanLabel", "ItemLogPositives" }
            .Concat(Enumerable.Range(0, embeddingSize).Select(d => $"EmbeddingProduct{d}"))
            .Append("MatrixFactorizationScore");

    /// <summary>
    /// Sets the features of every group not in <paramref name="groups"/> to 0 (training rows only: the trees then never
    /// split on them, see <see cref="RerankFeatureGroups"/>).
    /// </summary>
    public static void Mask(Span<float> features, int embeddingSize, RerankFeatureGroups groups)
    {
        if ((groups & RerankFeatureGroups.Scores) == 0)
            features[..ScoreCount].Clear();
        if ((groups & RerankFeatureGroups.UserStatistics) == 0)
            features.Slice(StatisticsOffset, EntityStatistics.UserWidth).Clear();
        if ((groups & RerankFeatureGroups.ItemStatistics) == 0)
            features.Slice(StatisticsOffset + EntityStatistics.UserWidth, EntityStatistics.ItemWidth).Clear();
        if ((groups & RerankFeatureGroups.EmbeddingProduct) == 0)
            features.Slice(ProductOffset, embeddingSize).Clear();
    }

    /// <summary>Positions of the features of <paramref name="group"/> (one flag) in a vector of <see cref="Width"/> values.</summary>
    public static Range Positions(RerankFeatureGroups group, int embeddingSize) => group switch
    {
        RerankFeatureGroups.Scores => 0..ScoreCount,
        RerankFeatureGroups.UserStatistics => StatisticsOffset..(StatisticsOffset + EntityStatistics.UserWidth),
        RerankFeatureGroups.ItemStatistics => (StatisticsOffset + EntityStatistics.UserWidth)..ProductOffset,
        RerankFeatureGroups.EmbeddingProduct => ProductOffset..(ProductOffset + embeddingSize),
        _ => throw new ArgumentOutOfRangeException(nameof(group), group, "One feature group."),
    };

    /// <summary>
    /// Fills <paramref name="features"/> (<see cref="Width"/> values; the matrix-factorization score, when
    /// <paramref name="matrixFactorization"/> is given, last). <paramref name="userRanking"/> is the user's
    /// ranking vector when the towers have one (the tower score is its dot product with the item embedding), else the
    /// tower score is the retrieval score, as in the Two-Tower model.
    /// </summary>
    public static void Write(Span<float> features, ReadOnlySpan<float> userEmbedding, ReadOnlySpan<float> userRanking,
        ReadOnlySpan<float> itemEmbedding, ReadOnlySpan<float> userStatistics, ReadOnlySpan<float> itemStatistics,
        float? matrixFactorization = null)
    {
        float retrieval = TensorPrimitives.Dot(userEmbedding, itemEmbedding);
        features[TowerScorePosition] = userRanking.IsEmpty ? retrieval : TensorPrimitives.Dot(userRanking, itemEmbedding);
        features[RetrievalScorePosition] = retrieval;
        userStatistics.CopyTo(features[StatisticsOffset..]);
        itemStatistics.CopyTo(features[(StatisticsOffset + EntityStatistics.UserWidth)..]);
        TensorPrimitives.Multiply(userEmbedding, itemEmbedding, features.Slice(ProductOffset, userEmbedding.Length));
        if (matrixFactorization is { } score)
            features[MatrixFactorizationOffset(userEmbedding.Length)] = score;
    }
}
