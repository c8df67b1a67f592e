using Microsoft.ML;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Tests.Persistence;

/// <summary>Why <see cref="OnnxModels"/> retries, and that it recognises exactly that failure.</summary>
public sealed class OnnxModelsTests
{
    [Fact]
    public void OnnxGraphInAFileNamedOrt_FailsWithTheErrorTheRetryRecognises()
    {
        // What ML.NET does with one temporary name in 36³: the same valid graph, in a file ending in ".ort".
        var graph = Graph();
        using var folder = new TempFolder();
        var ort = folder.WriteBytes("model.ort", graph);
        var onnx = folder.WriteBytes("model.onnx", graph);
        var ml = new MLContext(seed: 1);

        var error = Assert.ThrowsAny<Exception>(() => ml.Transforms.ApplyOnnxModel(["Y"], ["X"], ort));
        Assert.True(OnnxModels.IsOrtFormatFailure(error), error.ToString());
        Assert.NotNull(ml.Transforms.ApplyOnnxModel(["Y"], ["X"], onnx));
    }

    [Fact]
    public void Apply_ValidGraph_Scores()
    {
        Assert.NotNull(OnnxModels.Apply(new MLContext(seed: 1), ["Y"], ["X"], Graph()));
    }

    [Fact]
    public void Retrying_OrtFormatFailures_TriesAgainFourTimesAtMost_OtherErrorsAtOnce()
    {
        var calls = 0;
        Assert.Equal(7, OnnxModels.Retrying(() => ++calls < 3 ? throw OrtFailure() : 7));
        Assert.Equal(3, calls);

        calls = 0;
        Assert.Throws<InvalidOperationException>(() => OnnxModels.Retrying<int>(() => { calls++; throw OrtFailure(); }));
        Assert.Equal(4, calls);

        calls = 0;
        Assert.Throws<FormatException>(() => OnnxModels.Retrying<int>(() => { calls++; throw new FormatException("bad protobuf"); }));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void IsOrtFormatFailure_OtherErrors_AreNot()
    {
        Assert.False(OnnxModels.IsOrtFormatFailure(new InvalidOperationException("Error initializing model", new FormatException("bad protobuf"))));
        Assert.True(OnnxModels.IsOrtFormatFailure(new InvalidOperationException("outer", new Exception(OnnxModels.OrtFormatFailure))));
    }

    private static InvalidOperationException OrtFailure() =>
        new("Error initializing model", new Exception($"[ErrorCode:Fail] inference_session.cc:2226 operator() {OnnxModels.OrtFormatFailure}."));

    private static byte[] Graph()
    {
        var builder = new OnnxGraphBuilder("identity");
        var x = builder.AddInput("X", Onnx.TensorProto.Types.DataType.Float, 2);
        builder.AddNode("Identity", [x], "Y");
        builder.AddOutput("Y", Onnx.TensorProto.Types.DataType.Float, 2);
        return builder.ToBytes();
    }
}
