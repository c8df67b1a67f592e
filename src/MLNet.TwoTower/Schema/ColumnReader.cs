using Microsoft.ML;
using Microsoft.ML.Data;

using MLNet.TwoTower.Baselines;

namespace MLNet.TwoTower.Schema;

/// <summary>
/// The one reader of id, key, label and number columns: schema checks that name the column and the fix, getters for
/// cursors (the trainers read keys and labels through them), and whole columns read into plain arrays (the
/// evaluation). Every trainer, baseline and evaluator reads these columns here.
/// </summary>
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

    /// <summary>The key column's key count; throws naming the column when it is absent or not a UInt32 key.</summary>
    public static int CheckKey(DataViewSchema schema, string? columnName, string optionName)
    {
        if (string.IsNullOrWhiteSpace(columnName))
            throw new ArgumentException($"{optionName} must name a key-typed column; it is empty. Set it to the column made by MapValueToKey.", optionName);
        var column = schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentException($"Column '{columnName}' ({optionName}) was not found in the data. Columns present: {string.Join(", ", schema.Select(c => c.Name))}.", optionName);
        if (column.Type is not KeyDataViewType key || key.RawType != typeof(uint))
            throw new ArgumentException($"Column '{columnName}' ({optionName}) must be a UInt32 key type; got {column.Type}. Add ml.Transforms.Conversion.MapValueToKey first.", optionName);
        if (key.Count == 0 || key.Count > int.MaxValue - 1)
            throw new ArgumentException($"Column '{columnName}' ({optionName}) must have a known key count below {int.MaxValue}; got {key.Count}.", optionName);
        return (int)key.Count;
    }

    /// <summary>
    /// Checks that <paramref name="columnName"/> names a label column of <paramref name="schema"/> of a type the readers
    /// take, naming <paramref name="optionName"/> in the error. With <paramref name="allowBoolean"/> a Boolean label (read
    /// as 1 and 0 by <see cref="LabelGetter"/>) is accepted too: where the label only says which interactions are
    /// positive (the towers, the two-stage recommender), not where it is a rating to regress.
    /// </summary>
    public static void CheckLabel(DataViewSchema schema, string? columnName, string optionName, bool allowBoolean = false)
    {
        var types = allowBoolean ? "Single, Double or Boolean" : "Single or Double";
        if (string.IsNullOrWhiteSpace(columnName))
            throw new ArgumentException($"{optionName} must name a {types} column; it is empty.", optionName);
        var column = schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentException($"Column '{columnName}' ({optionName}) was not found in the data. Columns present: {string.Join(", ", schema.Select(c => c.Name))}.", optionName);
        if (column.Type != NumberDataViewType.Single && column.Type != NumberDataViewType.Double &&
            !(allowBoolean && column.Type == BooleanDataViewType.Instance))
            throw new ArgumentException($"Column '{columnName}' ({optionName}) must be {types}; got {column.Type}. Convert it with ml.Transforms.Conversion.ConvertType.", optionName);
    }

    /// <summary>
    /// Reads every row with both keys present (non-zero) and a non-NaN label; the others are counted as skipped.
    /// Without a label column every label is 1.
    /// </summary>
    public static RatingTriples ReadTriples(IDataView data, string userColumn, string itemColumn, string? labelColumn)
    {
        int userCount = CheckKey(data.Schema, userColumn, "user column");
        int itemCount = CheckKey(data.Schema, itemColumn, "item column");
        var user = data.Schema[userColumn];
        var item = data.Schema[itemColumn];
        var columns = new List<DataViewSchema.Column> { user, item };
        DataViewSchema.Column? label = null;
        if (labelColumn is not null)
        {
            CheckLabel(data.Schema, labelColumn, "label column");
            label = data.Schema[labelColumn];
            columns.Add(label.Value);
        }

        var users = new List<int>();
        var items = new List<int>();
        var labels = new List<float>();
        long skipped = 0;
        using var cursor = data.GetRowCursor(columns);
        var userGetter = cursor.GetGetter<uint>(user);
        var itemGetter = cursor.GetGetter<uint>(item);
        Func<float> labelGetter = label is { } l ? LabelGetter(cursor, l) : () => 1f;
        uint u = 0, i = 0;
        while (cursor.MoveNext())
        {
            userGetter(ref u);
            itemGetter(ref i);
            float r = labelGetter();
            if (u == 0 || i == 0 || float.IsNaN(r))
            {
                skipped++;
                continue;
            }
            users.Add((int)u - 1);
            items.Add((int)i - 1);
            labels.Add(r);
        }
        return new RatingTriples(users.ToArray(), items.ToArray(), labels.ToArray(), userCount, itemCount, skipped);
    }

    /// <summary>A getter that reads a key column of any raw type (Byte, UInt16, UInt32, UInt64) as a <see cref="ulong"/> (0 = missing).</summary>
    public static Func<ulong> KeyGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var rawType = column.Type.RawType;
        if (rawType == typeof(uint))
            return Getter<uint, ulong>(cursor, column, v => v);
        if (rawType == typeof(ulong))
            return Getter<ulong, ulong>(cursor, column, v => v);
        if (rawType == typeof(ushort))
            return Getter<ushort, ulong>(cursor, column, v => v);
        if (rawType == typeof(byte))
            return Getter<byte, ulong>(cursor, column, v => v);
        throw new ArgumentOutOfRangeException(nameof(column),
            $"Column '{column.Name}' has key type over {rawType.Name}; expected Byte, UInt16, UInt32 or UInt64.");
    }

    /// <summary>A getter for a Single, Double or Boolean label column (Boolean reads as 1 or 0; NaN stays NaN).</summary>
    public static Func<float> LabelGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var type = column.Type;
        if (type == NumberDataViewType.Single)
            return Getter<float, float>(cursor, column, v => v);
        if (type == NumberDataViewType.Double)
            return Getter<double, float>(cursor, column, v => (float)v);
        if (type == BooleanDataViewType.Instance)
            return Getter<bool, float>(cursor, column, v => v ? 1f : 0f);
        throw new ArgumentOutOfRangeException(nameof(column),
            $"Column '{column.Name}' must be a Single, Double or Boolean label; got {type}.");
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
