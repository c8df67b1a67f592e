using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Evaluation;

/// <summary>Reads one column of a view into plain arrays, whatever its (supported) type.</summary>
internal static class ColumnReader
{
    /// <summary>
    /// Dense ids (0, 1, … in order of first appearance) for the values of an id column; −1 for missing values (key 0,
    /// NaN). Keys, Single, Double, Int32, Int64, UInt32 and String columns are supported.
    /// </summary>
    public static int[] ReadIds(IDataView data, string columnName, string argumentName, out int distinct)
    {
        var column = Find(data.Schema, columnName, argumentName);
        var raw = new List<string?>();
        var type = column.Type;
        using (var cursor = data.GetRowCursor([column]))
        {
            Func<string?> get = type switch
            {
                KeyDataViewType { RawType: var t } when t == typeof(uint) => Getter<uint>(cursor, column, v => v == 0 ? null : v.ToString()),
                KeyDataViewType { RawType: var t } when t == typeof(ulong) => Getter<ulong>(cursor, column, v => v == 0 ? null : v.ToString()),
                _ when type == NumberDataViewType.Single => Getter<float>(cursor, column, v => float.IsNaN(v) ? null : v.ToString("R")),
                _ when type == NumberDataViewType.Double => Getter<double>(cursor, column, v => double.IsNaN(v) ? null : v.ToString("R")),
                _ when type == NumberDataViewType.Int32 => Getter<int>(cursor, column, v => v.ToString()),
                _ when type == NumberDataViewType.Int64 => Getter<long>(cursor, column, v => v.ToString()),
                _ when type == NumberDataViewType.UInt32 => Getter<uint>(cursor, column, v => v.ToString()),
                _ when type == TextDataViewType.Instance => Getter<ReadOnlyMemory<char>>(cursor, column, v => v.ToString()),
                _ => throw new ArgumentException(
                    $"Column '{columnName}' ({argumentName}) must be a key, number or text column of ids; got {type}.", argumentName),
            };
            while (cursor.MoveNext())
                raw.Add(get());
        }
        var map = new Dictionary<string, int>();
        var ids = new int[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            if (raw[i] is null)
            {
                ids[i] = -1;
                continue;
            }
            if (!map.TryGetValue(raw[i]!, out var id))
                map[raw[i]!] = id = map.Count;
            ids[i] = id;
        }
        distinct = map.Count;
        return ids;
    }

    /// <summary>The raw key of every row of a UInt32 key column (0 for a missing key).</summary>
    public static uint[] ReadKeys(IDataView data, string columnName, string argumentName)
    {
        var column = Find(data.Schema, columnName, argumentName);
        if (column.Type is not KeyDataViewType { RawType: var raw } || raw != typeof(uint))
            throw new ArgumentException($"Column '{columnName}' ({argumentName}) must be a UInt32 key column; got {column.Type}. Add MapValueToKey first.", argumentName);
        var keys = new List<uint>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<uint>(column);
        uint key = 0;
        while (cursor.MoveNext())
        {
            getter(ref key);
            keys.Add(key);
        }
        return keys.ToArray();
    }

    /// <summary>Numeric values of a Single, Double, Int32, Int64 or DateTime column (DateTime as ticks).</summary>
    public static double[] ReadNumbers(IDataView data, string columnName, string argumentName)
    {
        var column = Find(data.Schema, columnName, argumentName);
        var type = column.Type;
        var values = new List<double>();
        using var cursor = data.GetRowCursor([column]);
        Func<double> get = type switch
        {
            _ when type == NumberDataViewType.Single => Getter<float>(cursor, column, v => (double)v),
            _ when type == NumberDataViewType.Double => Getter<double>(cursor, column, v => v),
            _ when type == NumberDataViewType.Int32 => Getter<int>(cursor, column, v => (double)v),
            _ when type == NumberDataViewType.Int64 => Getter<long>(cursor, column, v => (double)v),
            _ when type == NumberDataViewType.UInt32 => Getter<uint>(cursor, column, v => (double)v),
            _ when type == DateTimeDataViewType.Instance => Getter<DateTime>(cursor, column, v => (double)v.Ticks),
            _ => throw new ArgumentException($"Column '{columnName}' ({argumentName}) must be numeric or DateTime; got {type}.", argumentName),
        };
        while (cursor.MoveNext())
            values.Add(get());
        return values.ToArray();
    }

    public static DataViewSchema.Column Find(DataViewSchema schema, string? columnName, string argumentName)
    {
        if (string.IsNullOrWhiteSpace(columnName))
            throw new ArgumentException($"{argumentName} must name a column; it is empty.", argumentName);
        return schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentException($"Column '{columnName}' ({argumentName}) was not found. Columns present: {string.Join(", ", schema.Select(c => c.Name))}.", argumentName);
    }

    private static Func<TOut> Getter<T, TOut>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, TOut> convert)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return convert(value);
        };
    }

    private static Func<string?> Getter<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, string?> convert) =>
        Getter<T, string?>(cursor, column, convert);

    private static Func<double> Getter<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, double> convert) =>
        Getter<T, double>(cursor, column, convert);
}
