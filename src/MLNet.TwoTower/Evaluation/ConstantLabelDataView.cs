using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// A source view whose label column reads one constant (as Single) on every row: implicit feedback, where every
/// interaction is a positive and its rating is ignored. Lazy, like <see cref="RowSubsetDataView"/>: the source is never
/// copied, its label is never read, and every other column passes through unchanged.
/// </summary>
internal sealed class ConstantLabelDataView : IDataView
{
    private readonly IDataView _source;
    private readonly int _label;
    private readonly float _value;

    public ConstantLabelDataView(IDataView source, string labelColumnName, float value)
    {
        _source = source;
        _label = source.Schema[labelColumnName].Index;
        _value = value;
        var builder = new DataViewSchema.Builder();
        foreach (var column in source.Schema)
        {
            if (column.Index == _label)
                builder.AddColumn(column.Name, NumberDataViewType.Single);
            else
                builder.AddColumn(column.Name, column.Type, column.Annotations);
        }
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var inner = _source.GetRowCursor(_source.Schema.Where(c => c.Index != _label && needed.Contains(c.Index)));
        return new Cursor(this, inner, needed.Contains(_label));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(ConstantLabelDataView view, DataViewRowCursor inner, bool labelActive) : DataViewRowCursor
    {
        public override DataViewSchema Schema => view.Schema;
        public override long Position => inner.Position;
        public override long Batch => inner.Batch;
        public override bool MoveNext() => inner.MoveNext();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == view._label ? labelActive : inner.IsColumnActive(inner.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != view._label)
                return inner.GetGetter<TValue>(inner.Schema[column.Index]);
            if (typeof(TValue) != typeof(float))
                throw new InvalidOperationException($"Column '{column.Name}' is Single; asked for {typeof(TValue).Name}.");
            float value = view._value;
            ValueGetter<float> getter = (ref float destination) => destination = value;
            return (ValueGetter<TValue>)(Delegate)getter;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
