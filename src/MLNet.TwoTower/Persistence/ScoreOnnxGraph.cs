using Onnx;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// The score graph: dot products of the towers' vectors, each emitted as a <c>[batch]</c> tensor because a rank-0
/// output crashes ML.NET 5.0.1's OnnxTransformer (<see cref="TwoTowerScoresMapping"/> lifts them to scalars):
/// <list type="bullet">
/// <item>retrieval score = <c>userEmbedding · itemEmbedding</c>, what the item index ranks by;</item>
/// <item>ranking score = <c>userRankingVector · itemEmbedding</c> when the user tower has a ranking vector (the rating
/// head and the validated score mix live in its coordinates), else the retrieval score.</item>
/// </list>
/// </summary>
/// <remarks>
/// Each dot product sums its products as a fixed pairwise tree (zero-pad to a power of two, then halve with
/// <c>Split</c> and an elementwise <c>Add</c> until one column is left) instead of <c>ReduceSum</c>: ONNX Runtime's
/// <c>ReduceSum</c> sums a <c>[1, D]</c> input in another order than the rows of a <c>[N, D]</c> one, so its last bits
/// depend on the batch. Elementwise arithmetic does not, so the graph is marked row-wise and the fast
/// <c>Transform</c> runs it on many rows per call with the same bits as ML.NET's <c>OnnxTransformer</c> at batch 1.
/// </remarks>
internal static class ScoreOnnxGraph
{
    public static byte[] Build(int dimension, string userEmbedding, string itemEmbedding, string? userRankingVector,
        string scoreOutput, string retrievalScoreOutput)
    {
        var graph = new OnnxGraphBuilder("score");
        var user = graph.AddInput(userEmbedding, TensorProto.Types.DataType.Float, dimension);
        var item = graph.AddInput(itemEmbedding, TensorProto.Types.DataType.Float, dimension);
        var retrieval = DotProduct(graph, user, item, dimension, retrievalScoreOutput);
        if (userRankingVector is null)
        {
            graph.AddNode("Identity", [retrieval], scoreOutput);
        }
        else
        {
            var ranking = graph.AddInput(userRankingVector, TensorProto.Types.DataType.Float, dimension);
            DotProduct(graph, ranking, item, dimension, scoreOutput);
        }
        graph.AddOutput(scoreOutput, TensorProto.Types.DataType.Float);
        graph.AddOutput(retrievalScoreOutput, TensorProto.Types.DataType.Float);
        graph.MarkRowwise();
        return graph.ToBytes("MLNet.TwoTower scores: dot products of the user vectors and the item embedding.");
    }

    /// <summary>Row-wise <c>Σ a⊙b</c> as a pairwise tree, written to <paramref name="output"/> as a <c>[batch]</c> tensor.</summary>
    private static string DotProduct(OnnxGraphBuilder graph, string a, string b, int dimension, string output)
    {
        var sum = graph.AddNode("Mul", [a, b]);
        var width = 1;
        while (width < dimension)
            width *= 2;
        if (width > dimension)
            sum = graph.AddNode("Pad", [sum, graph.AddInitializer($"{output}_pads", [0L, 0L, 0L, width - dimension], 4)]);
        for (; width > 1; width /= 2)
        {
            var halves = graph.AddNode("Split", [sum], 2, OnnxGraphBuilder.Attribute("axis", 1L));
            sum = graph.AddNode("Add", halves);
        }
        // [batch, 1] → [batch]: Squeeze keeps every value's bits.
        return graph.AddNode("Squeeze", [sum, graph.AddInitializer($"{output}_axes", [1L], 1)], output);
    }
}
