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
/// coordinates, including the popularity prior's, differently).</item>
/// </list>
/// The entities' own feature vectors are left out: they can be thousands wide (n-gram text) and reach the re-ranker
/// through the towers' embeddings already. Cold keys read row 0 of the statistics (counts 0, mean of all labels).
/// </summary>
internal static class RerankFeatures
{
    /// <summary>Tower score, retrieval score.</summary>
    public const int ScoreCount = 2;

    /// <summary>Position of the first statistic.</summary>
    public const int StatisticsOffset = ScoreCount;

    /// <summary>Position of the first embedding product.</summary>
    public const int ProductOffset = StatisticsOffset + EntityStatistics.UserWidth + EntityStatistics.ItemWidth;

    public static int Width(int embeddingSize) => ProductOffset + embeddingSize;

    /// <summary>Names of the features in order, for logs and docs.</summary>
    public static IEnumerable<string> Names(int embeddingSize) =>
        new[] { "TowerScore", "RetrievalScore", "UserLogCount", "UserMeanLabel", "ItemLogCount", "ItemMeanLabel", "ItemLogPositives" }
            .Concat(Enumerable.Range(0, embeddingSize).Select(d => $"EmbeddingProduct{d}"));

    /// <summary>
    /// Fills <paramref name="features"/> (<see cref="Width"/> values). <paramref name="userRanking"/> is the user's
    /// ranking vector when the towers have one (the tower score is its dot product with the item embedding), else the
    /// tower score is the retrieval score, as in the Two-Tower model.
    /// </summary>
    public static void Write(Span<float> features, ReadOnlySpan<float> userEmbedding, ReadOnlySpan<float> userRanking,
        ReadOnlySpan<float> itemEmbedding, ReadOnlySpan<float> userStatistics, ReadOnlySpan<float> itemStatistics)
    {
        float retrieval = TensorPrimitives.Dot(userEmbedding, itemEmbedding);
        features[0] = userRanking.IsEmpty ? retrieval : TensorPrimitives.Dot(userRanking, itemEmbedding);
        features[1] = retrieval;
        userStatistics.CopyTo(features[StatisticsOffset..]);
        itemStatistics.CopyTo(features[(StatisticsOffset + EntityStatistics.UserWidth)..]);
        TensorPrimitives.Multiply(userEmbedding, itemEmbedding, features.Slice(ProductOffset, userEmbedding.Length));
    }
}
