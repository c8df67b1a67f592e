using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// A cursor of <see cref="RowGraphView"/>: moves its input cursor and, when an added column is read, fills the graph's
/// inputs from the row, looks their bits up in the cache and runs the graph only on a miss.
/// </summary>
internal sealed class RowGraphCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly RowGraph _graph;
    private readonly HashSet<int> _active;
    private readonly RowGraphInputs? _inputs;
    private readonly RowGraphRunner? _runner;
    private readonly RowOutputCache _cache = new();
    private float[][] _current = [];
    private long _computedPosition = long.MinValue;

    public RowGraphCursor(RowGraphView view, DataViewRowCursor input, RowGraph graph, HashSet<int> active)
    {
        Schema = view.Schema;
        _input = input;
        _graph = graph;
        _active = active;
        var inputCount = input.Schema.Count;
        if (active.Any(index => index >= inputCount))
        {
            _inputs = RowGraphInputs.Create(graph, input);
            _runner = new RowGraphRunner(graph, _inputs,
                [.. Enumerable.Range(inputCount, Schema.Count - inputCount).Select(i => Schema[i].Name)]);
        }
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override bool MoveNext() => _input.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var inputCount = _input.Schema.Count;
        if (column.Index < inputCount)
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        if (!_active.Contains(column.Index) || typeof(TValue) != typeof(VBuffer<float>))
            throw new InvalidOperationException(
                $"Column '{column.Name}' was not requested from this cursor or is read as {typeof(TValue).Name}; it is a VBuffer<Single>.");
        var output = column.Index - inputCount;
        ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
        {
            var values = Current()[output];
            var editor = VBufferEditor.Create(ref value, values.Length);
            values.CopyTo(editor.Values);
            value = editor.Commit();
        };
        return (ValueGetter<TValue>)(Delegate)getter;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
            _runner?.Dispose();
            _inputs?.Dispose();
        }
        base.Dispose(disposing);
    }

    private float[][] Current()
    {
        if (_computedPosition == _input.Position)
            return _current;
        _inputs!.Fill(withBits: _cache.Enabled);
        var cached = _cache.Enabled ? _cache.Find(_inputs.Bytes) : null;
        if (cached is null)
        {
            // The runner's arrays change with its next run: the cache keeps copies; once it is off, they are used as they are.
            cached = _runner!.Run();
            if (_cache.Enabled)
            {
                cached = [.. cached.Select(values => (float[])values.Clone())];
                _cache.Add(_inputs.Bytes, cached);
            }
        }
        _current = cached;
        _computedPosition = _input.Position;
        return _current;
    }
}
