using Onnx;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// The score graph: the dot product of the two embeddings, <c>ReduceSum(user ⊙ item, axis 1)</c>, emitted as a
/// <c>[batch]</c> tensor because a rank-0 output crashes ML.NET 5.0.1's OnnxTransformer
/// (<see cref="ScoreFromVectorMapping"/> lifts it to a scalar afterwards).
/// </summary>
internal static class ScoreOnnxGraph
{
    public static byte[] Build(int dimension, string userEmbedding, string itemEmbedding, string output)
    {
        var graph = new OnnxGraphBuilder("score");
        var user = graph.AddInput(userEmbedding, TensorProto.Types.DataType.Float, dimension);
        var item = graph.AddInput(itemEmbedding, TensorProto.Types.DataType.Float, dimension);
        var product = graph.AddNode("Mul", [user, item]);
        var axes = graph.AddInitializer("axes", [1L], 1);
        graph.AddNode("ReduceSum", [product, axes], output, OnnxGraphBuilder.Attribute("keepdims", 0L));
        graph.AddOutput(output, TensorProto.Types.DataType.Float);
        return graph.ToBytes("MLNet.TwoTower score: dot product of the user and item embeddings.");
    }
}
