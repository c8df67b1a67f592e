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

    private sealed class Typed<T>(string name, DataViewType type, RowValueFiller<T> fill) : InMemoryColumn(name, type)
    {
        public override Delegate MakeGetter(Func<int> position) => (ValueGetter<T>)((ref T value) => fill(position(), ref value));
    }
}
