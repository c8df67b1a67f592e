using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// The rows of a source view whose position (in the source's own sequential cursor order) is marked in a mask.
/// Lazy: nothing is copied, so splits of a cached view cost one bit per row. The source must return its rows in the
/// same order on every cursor, which ML.NET's loaders, caches and row-to-row transforms do.
/// </summary>
internal sealed class RowSubsetDataView : IDataView
{
    private readonly IDataView _source;
    private readonly bool[] _keep;
    private readonly long _count;

    public RowSubsetDataView(IDataView source, bool[] keep)
    {
        _source = source;
        _keep = keep;
        _count = keep.LongCount(k => k);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema => _source.Schema;

    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(_source.GetRowCursor(columnsNeeded), _keep);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _inner;
        private readonly bool[] _keep;
        private long _position = -1;

        public Cursor(DataViewRowCursor inner, bool[] keep)
        {
            _inner = inner;
            _keep = keep;
        }

        public override DataViewSchema Schema => _inner.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            while (_inner.MoveNext())
            {
                long source = _inner.Position;
                if (source >= _keep.Length)
                    throw new InvalidOperationException(
                        $"The data has more rows than when the split was made ({_keep.Length}); split a cached view (ml.Data.Cache) so its rows cannot change.");
                if (_keep[source])
                {
                    _position++;
                    return true;
                }
            }
            return false;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _inner.IsColumnActive(column);
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _inner.GetGetter<TValue>(column);
        public override ValueGetter<DataViewRowId> GetIdGetter() => _inner.GetIdGetter();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
