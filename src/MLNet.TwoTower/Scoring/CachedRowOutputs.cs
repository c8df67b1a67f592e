using Microsoft.ML;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// Outputs computed one row at a time from the cursor's own row, as ML.NET's <c>OnnxTransformer</c> computes them,
/// with a <see cref="RowOutputCache"/> keyed by the inputs' exact bits (so a tower runs once per distinct entity).
/// </summary>
internal sealed class CachedRowOutputs : RowOutputSource
{
    private readonly RowGraphInputs _inputs;
    private readonly RowGraphRunner _runner;
    private readonly RowOutputCache _cache = new();

    public CachedRowOutputs(RowGraph graph, DataViewRow row, string[] outputNames)
    {
        _inputs = RowGraphInputs.Create(graph, row);
        _runner = new RowGraphRunner(graph, _inputs, outputNames);
    }

    public override float[][] Outputs(long position)
    {
        _inputs.Fill(withBits: _cache.Enabled);
        var cached = _cache.Enabled ? _cache.Find(_inputs.Bytes) : null;
        if (cached is not null)
            return cached;
        // The runner's arrays change with its next run: the cache keeps copies; once it is off, they are used as they are.
        var outputs = _runner.Run();
        if (!_cache.Enabled)
            return outputs;
        outputs = [.. outputs.Select(values => (float[])values.Clone())];
        _cache.Add(_inputs.Bytes, outputs);
        return outputs;
    }

    public override void Dispose()
    {
        _runner.Dispose();
        _inputs.Dispose();
    }
}
