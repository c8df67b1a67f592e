using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Datasets.DataViews;

/// Fills the value of one row of a column.
internal delegate void RowValueFiller<T>(int row, ref T value);

/// A column of an <see cref="InMemoryDataView"/>: a name, an ML.NET type and a way to read row i.
internal abstract class InMemoryColumn(string name, DataViewType type)
{
    public string Name { get; } = name;

    public DataViewType Type { get; } = type;

    public abstract Delegate MakeGetter(Func<int> position);

    public static InMemoryColumn Text(string name, Func<int, string> value) =>
        new Typed<ReadOnlyMemory<char>>(name, TextDataViewType.Instance, (int row, ref ReadOnlyMemory<char> v) => v = value(row).AsMemory());

    public static InMemoryColumn Single(string name, Func<int, float> value) =>
        new Typed<float>(name, NumberDataViewType.Single, (int row, ref float v) => v = value(row));

    public static InMemoryColumn Int64(string name, Func<int, long> value) =>
        new Typed<long>(name, NumberDataViewType.Int64, (int row, ref long v) => v = value(row));

    /// A key column of <paramref name="count"/> keys; <paramref name="value"/> gives the raw key (1-based, 0 = missing).
    public static InMemoryColumn Key(string name, int count, Func<int, uint> value) =>
        new Typed<uint>(name, new KeyDataViewType(typeof(uint), count), (int row, ref uint v) => v = value(row));

    /// A vector column of fixed <paramref name="width"/>; each row's values are copied into the caller's buffer, so the
    /// arrays <paramref name="value"/> returns (e.g. one per entity, shared by many rows) are never handed out.
    public static InMemoryColumn Vector(string name, int width, Func<int, float[]> value) =>
        new Typed<VBuffer<float>>(name, new VectorDataViewType(NumberDataViewType.Single, width), (int row, ref VBuffer<float> v) =>
        {
            var source = value(row);
            var editor = VBufferEditor.Create(ref v, source.Length);
            source.CopyTo(editor.Values);
            v = editor.Commit();
        });

    private sealed class Typed<T>(string name, DataViewType type, RowValueFiller<T> fill) : InMemoryColumn(name, type)
    {
        public override Delegate MakeGetter(Func<int> position) => (ValueGetter<T>)((ref T value) => fill(position(), ref value));
    }
}
