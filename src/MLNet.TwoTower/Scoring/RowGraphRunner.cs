using Microsoft.ML.OnnxRuntime;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// Runs a <see cref="RowGraph"/> on one cursor's <see cref="RowGraphInputs"/>. The first run lets ONNX Runtime
/// allocate the outputs, which gives their shapes (a graph need not declare them); from then on the inputs and outputs
/// stay bound to the same buffers, so a row costs one native call and no allocation.
/// </summary>
internal sealed class RowGraphRunner : IDisposable
{
    private readonly RowGraph _graph;
    private readonly RowGraphInputs _inputs;
    private readonly string[] _outputNames;
    private readonly RunOptions _options = new();
    private OrtIoBinding? _binding;
    private OrtValue[] _outputValues = [];
    private float[][] _outputs = [];

    public RowGraphRunner(RowGraph graph, RowGraphInputs inputs, string[] outputNames)
    {
        _graph = graph;
        _inputs = inputs;
        _outputNames = outputNames;
    }

    /// <summary>Runs the current inputs; the returned arrays belong to the runner and change with the next run.</summary>
    public float[][] Run()
    {
        if (_binding is not null)
        {
            _graph.Run(_binding, _options);
            return _outputs;
        }
        using (var results = _graph.Run(_inputs.Values, _outputNames, _options))
        {
            _outputs = [.. results.Select(r => r.GetTensorDataAsSpan<float>().ToArray())];
            _outputValues = [.. results.Select((r, i) => OrtValue.CreateTensorValueFromMemory(_outputs[i], r.GetTensorTypeAndShape().Shape))];
        }
        _binding = _graph.CreateBinding();
        var names = _graph.Inputs.Select(i => i.Name).ToArray();
        var values = _inputs.Values.ToArray();
        for (var i = 0; i < names.Length; i++)
            _binding.BindInput(names[i], values[i]);
        for (var i = 0; i < _outputNames.Length; i++)
            _binding.BindOutput(_outputNames[i], _outputValues[i]);
        return _outputs;
    }

    public void Dispose()
    {
        _binding?.Dispose();
        foreach (var value in _outputValues)
            value.Dispose();
        _options.Dispose();
    }
}
