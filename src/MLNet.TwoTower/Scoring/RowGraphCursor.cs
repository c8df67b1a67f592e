using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// A cursor of <see cref="RowGraphView"/>: moves its input cursor and, when an added column is read, takes the
/// current row's outputs from its <see cref="RowOutputSource"/> (null when no added column is active).
/// </summary>
internal sealed class RowGraphCursor : DataViewRowCursor
{
    private readonly DataViewRowCursor _input;
    private readonly HashSet<int> _active;
    private readonly RowOutputSource? _outputs;
    private float[][] _current = [];
    private long _computedPosition = long.MinValue;

    public RowGraphCursor(DataViewSchema schema, DataViewRowCursor input, HashSet<int> active, RowOutputSource? outputs)
    {
        Schema = schema;
        _input = input;
        _active = active;
        _outputs = outputs;
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
            _outputs?.Dispose();
        }
        base.Dispose(disposing);
    }

    private float[][] Current()
    {
        if (_computedPosition != _input.Position)
        {
            _current = _outputs!.Outputs(_input.Position);
            _computedPosition = _input.Position;
        }
        return _current;
    }
}
