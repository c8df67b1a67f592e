using Microsoft.ML.OnnxRuntime;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// One of the model's ONNX graphs in its own ONNX Runtime session, run one row at a time exactly as ML.NET's
/// <c>OnnxTransformer</c> runs it: the same graph bytes, default session options and batch 1 (every free dimension of
/// a declared input set to 1), so the outputs are bit-identical to the saved chain's. The inputs and outputs are read
/// from the graph itself, so a graph with more inputs or outputs needs no change here.
/// </summary>
internal sealed class RowGraph : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;

    public RowGraph(byte[] graph)
    {
        _session = new InferenceSession(graph);
        Inputs = [.. _session.InputMetadata.Select(pair => new RowGraphInput(pair.Key, pair.Value.ElementType,
            [.. pair.Value.Dimensions.Select(d => d < 0 ? 1L : d)]))];
        OutputNames = [.. _session.OutputMetadata.Keys];
        _inputNames = [.. Inputs.Select(i => i.Name)];
        IsRowwise = RowwiseGraph.IsRowwise(graph);
    }

    /// <summary>Whether rows may be run many per call with bit-identical outputs (<see cref="RowwiseGraph"/>).</summary>
    public bool IsRowwise { get; }

    /// <summary>The declared inputs, with their shapes at batch 1.</summary>
    public IReadOnlyList<RowGraphInput> Inputs { get; }

    /// <summary>The names of the declared outputs.</summary>
    public HashSet<string> OutputNames { get; }

    /// <summary>Runs one row: <paramref name="inputs"/> in the order of <see cref="Inputs"/>, outputs by name.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames,
        RunOptions options) =>
        _session.Run(options, _inputNames, inputs, outputNames);

    /// <summary>A binding of fixed input and output buffers, for <see cref="Run(OrtIoBinding, RunOptions)"/>.</summary>
    public OrtIoBinding CreateBinding() => _session.CreateIoBinding();

    /// <summary>Runs one row on the buffers bound in <paramref name="binding"/>: no per-call allocation or marshalling.</summary>
    public void Run(OrtIoBinding binding, RunOptions options) => _session.RunWithBinding(options, binding);

    public void Dispose() => _session.Dispose();
}

/// <summary>A declared graph input: its name, element type and shape at batch 1.</summary>
internal sealed record RowGraphInput(string Name, Type ElementType, long[] Shape)
{
    /// <summary>Values per row.</summary>
    public int Length => (int)Shape.Aggregate(1L, (a, b) => a * b);
}
