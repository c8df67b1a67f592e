using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Datasets.Features;

/// Wraps an interaction view and adds one vector column per lookup, filled from the entity tables by id.
internal sealed class FeatureJoinDataView : IDataView
{
    internal sealed record Lookup(string IdColumn, string OutputColumn, EntityFeatureTable Table, string EntityName);

    private readonly IDataView _source;
    private readonly Lookup[] _lookups;
    private readonly DataViewSchema.Column[] _idColumns;

    public FeatureJoinDataView(IDataView source, IReadOnlyList<Lookup> lookups)
    {
        _source = source;
        _lookups = lookups.ToArray();
        _idColumns = new DataViewSchema.Column[_lookups.Length];
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(source.Schema);
        for (int j = 0; j < _lookups.Length; j++)
        {
            var lookup = _lookups[j];
            var id = source.Schema.GetColumnOrNull(lookup.IdColumn)
                ?? throw new ArgumentException($"Interaction column '{lookup.IdColumn}' not found; the view has [{string.Join(", ", source.Schema.Select(c => c.Name))}].");
            if (id.Type is not TextDataViewType)
            {
                throw new ArgumentException($"Column '{lookup.IdColumn}' must be Text to join {lookup.EntityName} features; got {id.Type}. Join before MapValueToKey.");
            }

            if (source.Schema.GetColumnOrNull(lookup.OutputColumn) is not null)
            {
                throw new ArgumentException($"The interactions already have a column '{lookup.OutputColumn}'; choose another name for the {lookup.EntityName} features.");
            }

            _idColumns[j] = id;
            builder.AddColumn(lookup.OutputColumn, new VectorDataViewType(NumberDataViewType.Single, lookup.Table.Dimension));
        }

        Schema = builder.ToSchema();
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, _source.GetRowCursor(SourceColumns(columnsNeeded), rand));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        _source.GetRowCursorSet(SourceColumns(columnsNeeded), n, rand).Select(c => (DataViewRowCursor)new Cursor(this, c)).ToArray();

    /// The source columns needed: the requested source columns plus the id columns of requested joins.
    private IEnumerable<DataViewSchema.Column> SourceColumns(IEnumerable<DataViewSchema.Column> needed)
    {
        var result = new Dictionary<int, DataViewSchema.Column>();
        int sourceCount = _source.Schema.Count;
        foreach (var column in needed)
        {
            if (column.Index < sourceCount)
            {
                result[column.Index] = _source.Schema[column.Index];
            }
            else
            {
                var id = _idColumns[column.Index - sourceCount];
                result[id.Index] = id;
            }
        }

        return result.Values;
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly FeatureJoinDataView _parent;
        private readonly DataViewRowCursor _source;

        public Cursor(FeatureJoinDataView parent, DataViewRowCursor source)
        {
            _parent = parent;
            _source = source;
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _source.Position;

        public override long Batch => _source.Batch;

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            int sourceCount = _parent._source.Schema.Count;
            return column.Index < sourceCount
                ? _source.IsColumnActive(_parent._source.Schema[column.Index])
                : _source.IsColumnActive(_parent._idColumns[column.Index - sourceCount]);
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int sourceCount = _parent._source.Schema.Count;
            if (column.Index < sourceCount)
            {
                return _source.GetGetter<TValue>(_parent._source.Schema[column.Index]);
            }

            int j = column.Index - sourceCount;
            var lookup = _parent._lookups[j];
            var idGetter = _source.GetGetter<ReadOnlyMemory<char>>(_parent._idColumns[j]);
            ReadOnlyMemory<char> id = default;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
            {
                idGetter(ref id);
                string key = id.ToString();
                if (!lookup.Table.TryGetVector(key, out var vector))
                {
                    throw new InvalidOperationException(
                        $"Row {_source.Position}: {lookup.EntityName} '{key}' (column '{lookup.IdColumn}') has no feature vector. Featurise every {lookup.EntityName} that appears in the interactions.");
                }

                var editor = VBufferEditor.Create(ref value, vector.Length);
                vector.CopyTo(editor.Values);
                value = editor.Commit();
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is a vector of Single; it cannot be read as {typeof(TValue).Name}.");
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => _source.GetIdGetter();

        public override bool MoveNext() => _source.MoveNext();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _source.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
