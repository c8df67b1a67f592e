using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Transforms.Onnx;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Scoring;
using MLNet.TwoTower.Tests.Persistence;

namespace MLNet.TwoTower.Tests.Scoring;

/// <summary>
/// The score graph sums its products as a fixed pairwise tree of elementwise adds, so ONNX Runtime gives the same bits
/// for a row at batch 1 (how ML.NET's <c>OnnxTransformer</c> runs it) and inside a batch (how the fast <c>Transform</c>
/// runs it); only graphs built that way are marked row-wise.
/// </summary>
public sealed class ScoreGraphBatchTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(67)]
    [InlineData(130)]
    public void ScoreGraph_RowsInABatch_BitIdenticalToOneRowAtATime_AndTheDotProducts(int dimension)
    {
        var graph = ScoreOnnxGraph.Build(dimension, "U", "I", "R", "Score", "Retrieval");
        var random = new Random(dimension);
        const int rows = 300;
        // Magnitudes over several orders, so a change in summation order would show in the last bits.
        float[] Matrix() => [.. Enumerable.Range(0, rows * dimension).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4))))];
        var (user, item, ranking) = (Matrix(), Matrix(), Matrix());
        using var session = new InferenceSession(graph);

        var batched = Run(session, user, item, ranking, rows, dimension);
        var single = Enumerable.Range(0, rows)
            .Select(r => Run(session, Row(user, r, dimension), Row(item, r, dimension), Row(ranking, r, dimension), 1, dimension))
            .ToArray();

        for (var output = 0; output < 2; output++)
            Assert.Equal(single.Select(s => BitConverter.SingleToInt32Bits(s[output][0])),
                batched[output].Select(BitConverter.SingleToInt32Bits));
        for (var r = 0; r < rows; r++)
        {
            // A float sum of D products is within about D·ε·Σ|products| of the exact value.
            var (retrieval, retrievalMagnitude) = Dot(user, item, r, dimension);
            var (score, scoreMagnitude) = Dot(ranking, item, r, dimension);
            Assert.Equal(retrieval, batched[1][r], dimension * 1.2e-7 * retrievalMagnitude + 1e-30);
            Assert.Equal(score, batched[0][r], dimension * 1.2e-7 * scoreMagnitude + 1e-30);
        }
    }

    [Fact]
    public void RowwiseMark_OnlyOnTheScoreGraph_NotOnTheTowers()
    {
        using var model = TestModels.Transformer(new MLContext(seed: 1));
        var graphs = model.Chain.SelectMany(Leaves).OfType<OnnxTransformer>()
            .Select(onnx => OwnGraphBytes.Read(onnx)!)
            .ToArray();

        Assert.Equal(3, graphs.Length);
        Assert.All(graphs, graph => Assert.True(OwnGraphBytes.IsOwn(graph)));
        Assert.Equal([false, false, true], graphs.Select(RowwiseGraph.IsRowwise));
    }

    [Fact]
    public void RowwiseMark_AbsentOrUnreadable_IsNotRowwise()
    {
        var builder = new OnnxGraphBuilder("unmarked");
        var x = builder.AddInput("X", Onnx.TensorProto.Types.DataType.Float, 2);
        builder.AddNode("Identity", [x], "Y");
        builder.AddOutput("Y", Onnx.TensorProto.Types.DataType.Float, 2);

        Assert.False(RowwiseGraph.IsRowwise(builder.ToBytes()));
        Assert.False(RowwiseGraph.IsRowwise([0xFF, 0xFF, 0xFF]));
    }

    private static IEnumerable<ITransformer> Leaves(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Leaves) : [transformer];

    private static float[] Row(float[] matrix, int row, int dimension) => matrix[(row * dimension)..((row + 1) * dimension)];

    /// <summary>The exact dot product of a row and the sum of its products' magnitudes.</summary>
    private static (double Value, double Magnitude) Dot(float[] a, float[] b, int row, int dimension)
    {
        var products = Enumerable.Range(row * dimension, dimension).Select(i => (double)a[i] * b[i]).ToArray();
        return (products.Sum(), products.Sum(Math.Abs));
    }

    /// <summary>Both outputs (Score, Retrieval) for <paramref name="rows"/> rows.</summary>
    private static float[][] Run(InferenceSession session, float[] user, float[] item, float[] ranking, int rows, int dimension)
    {
        using var u = OrtValue.CreateTensorValueFromMemory(user, [rows, dimension]);
        using var i = OrtValue.CreateTensorValueFromMemory(item, [rows, dimension]);
        using var r = OrtValue.CreateTensorValueFromMemory(ranking, [rows, dimension]);
        using var options = new RunOptions();
        using var results = session.Run(options, ["U", "I", "R"], [u, i, r], ["Score", "Retrieval"]);
        return [.. results.Select(result => result.GetTensorDataAsSpan<float>().ToArray())];
    }
}
