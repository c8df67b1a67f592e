using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Datasets.DataViews;

/// A read-only IDataView over in-memory columns (ML.NET has no public columnar builder for a schema known only at
/// run time). Rows are produced lazily from the columns' value functions, so nothing is copied up front.
internal sealed class InMemoryDataView : IDataView
{
    private readonly InMemoryColumn[] _columns;
    private readonly int _rowCount;

    public InMemoryDataView(int rowCount, IReadOnlyList<InMemoryColumn> columns)
    {
        _rowCount = rowCount;
        _columns = columns.ToArray();
        var builder = new DataViewSchema.Builder();
        foreach (var column in _columns)
        {
            builder.AddColumn(column.Name, column.Type);
        }

        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly InMemoryDataView _parent;
        private readonly Delegate[] _getters;
        private int _position = -1;

        public Cursor(InMemoryDataView parent)
        {
            _parent = parent;
            _getters = parent._columns.Select(c => c.MakeGetter(() => _position)).ToArray();
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (_getters[column.Index] is ValueGetter<TValue> getter)
            {
                return getter;
            }

            throw new InvalidOperationException(
                $"Column '{column.Name}' holds {column.Type}; it cannot be read as {typeof(TValue).Name}.");
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool MoveNext()
        {
            if (_position + 1 >= _parent._rowCount)
            {
                _position = _parent._rowCount;
                return false;
            }

            _position++;
            return true;
        }
    }
}
