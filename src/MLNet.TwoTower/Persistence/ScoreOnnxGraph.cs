using Onnx;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// The score graph: dot products of the towers' vectors, each emitted as a <c>[batch]</c> tensor because a rank-0
/// output crashes ML.NET 5.0.1's OnnxTransformer (<see cref="TwoTowerScoresMapping"/> lifts them to scalars):
/// <list type="bullet">
/// <item>retrieval score = <c>ReduceSum(userEmbedding ⊙ itemEmbedding)</c>, what the item index ranks by;</item>
/// <item>ranking score = <c>ReduceSum(userRankingVector ⊙ itemEmbedding)</c> when the user tower has a ranking vector
/// (the rating head and the validated score mix live in its coordinates), else the retrieval score.</item>
/// </list>
/// </summary>
internal static class ScoreOnnxGraph
{
    public static byte[] Build(int dimension, string userEmbedding, string itemEmbedding, string? userRankingVector,
        string scoreOutput, string retrievalScoreOutput)
    {
        var graph = new OnnxGraphBuilder("score");
        var user = graph.AddInput(userEmbedding, TensorProto.Types.DataType.Float, dimension);
        var item = graph.AddInput(itemEmbedding, TensorProto.Types.DataType.Float, dimension);
        var axes = graph.AddInitializer("axes", [1L], 1);
        var retrieval = graph.AddNode("ReduceSum", [graph.AddNode("Mul", [user, item]), axes], retrievalScoreOutput,
            OnnxGraphBuilder.Attribute("keepdims", 0L));
        if (userRankingVector is null)
        {
            graph.AddNode("Identity", [retrieval], scoreOutput);
        }
        else
        {
            var ranking = graph.AddInput(userRankingVector, TensorProto.Types.DataType.Float, dimension);
            graph.AddNode("ReduceSum", [graph.AddNode("Mul", [ranking, item]), axes], scoreOutput,
                OnnxGraphBuilder.Attribute("keepdims", 0L));
        }
        graph.AddOutput(scoreOutput, TensorProto.Types.DataType.Float);
        graph.AddOutput(retrievalScoreOutput, TensorProto.Types.DataType.Float);
        return graph.ToBytes("MLNet.TwoTower scores: dot products of the user vectors and the item embedding.");
    }
}
