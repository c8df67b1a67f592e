using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Persistence;
using Onnx;

namespace MLNet.TwoTower.TwoStage.Features;

/// <summary>
/// The saved chain's feature step as an ONNX graph (so <c>ml.Model.Load</c> needs nothing of ours but ML.NET built-ins
/// and the registered mappings of the towers): the user's and item's statistics gathered by raw key (0 or out of
/// range reads row 0, the cold row) and the embeddings' elementwise product. The scores are columns already; an
/// ML.NET <c>Concatenate</c> puts everything in <see cref="RerankFeatures"/>' order.
/// </summary>
internal static class RerankFeatureGraph
{
    public const string UserRole = "TwoStageUser";
    public const string ItemRole = "TwoStageItem";
    public const string StatisticsColumnName = "__TwoStageStatistics";
    public const string ProductColumnName = "__TwoStageEmbeddingProduct";
    public const string MatrixFactorizationColumnName = "__TwoStageMatrixFactorization";

    public static byte[] Build(EntityStatistics statistics, int embeddingSize, string userEmbedding, string itemEmbedding,
        MatrixFactorizationFeature? matrixFactorization = null)
    {
        var graph = new OnnxGraphBuilder("two_stage_features");
        var user = LookupScoringChain.SafeIndex(graph, LookupScoringChain.KeyInput(graph, UserRole), statistics.UserKeyCount + 1, "user");
        var item = LookupScoringChain.SafeIndex(graph, LookupScoringChain.KeyInput(graph, ItemRole), statistics.ItemKeyCount + 1, "item");
        var userTable = graph.AddInitializer("user_statistics", statistics.Users, statistics.UserKeyCount + 1, EntityStatistics.UserWidth);
        var itemTable = graph.AddInitializer("item_statistics", statistics.Items, statistics.ItemKeyCount + 1, EntityStatistics.ItemWidth);
        graph.AddNode("Concat", [LookupScoringChain.Gather(graph, userTable, user), LookupScoringChain.Gather(graph, itemTable, item)],
            StatisticsColumnName, OnnxGraphBuilder.Attribute("axis", 1L));
        var u = graph.AddInput(userEmbedding, TensorProto.Types.DataType.Float, embeddingSize);
        var i = graph.AddInput(itemEmbedding, TensorProto.Types.DataType.Float, embeddingSize);
        graph.AddNode("Mul", [u, i], ProductColumnName);
        graph.AddOutput(StatisticsColumnName, TensorProto.Types.DataType.Float, EntityStatistics.UserWidth + EntityStatistics.ItemWidth);
        graph.AddOutput(ProductColumnName, TensorProto.Types.DataType.Float, embeddingSize);
        if (matrixFactorization is { } factors)
        {
            // Same key spaces as the statistics, so the same safe indices read the factor tables.
            var userFactors = graph.AddInitializer("user_mf", factors.Users, factors.UserKeyCount + 1, factors.Width);
            var itemFactors = graph.AddInitializer("item_mf", factors.Items, factors.ItemKeyCount + 1, factors.Width);
            var product = graph.AddNode("Mul", [LookupScoringChain.Gather(graph, userFactors, user), LookupScoringChain.Gather(graph, itemFactors, item)]);
            var axes = graph.AddInitializer("mf_axis_1", new long[] { 1L }, 1);
            graph.AddNode("ReduceSum", [product, axes], MatrixFactorizationColumnName, OnnxGraphBuilder.Attribute("keepdims", 1L));
            graph.AddOutput(MatrixFactorizationColumnName, TensorProto.Types.DataType.Float, 1);
        }
        return graph.ToBytes("MLNet.TwoTower two-stage features: user and item statistics by key, embedding product.");
    }
}
