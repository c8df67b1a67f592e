using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Baselines;

/// <summary>Schema checks and reading of (user key, item key, label) rows, shared by the baselines and the evaluators.</summary>
internal static class InteractionColumns
{
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

    public static void CheckLabel(DataViewSchema schema, string? columnName, string optionName)
    {
        if (string.IsNullOrWhiteSpace(columnName))
            throw new ArgumentException($"{optionName} must name a Single or Double column; it is empty.", optionName);
        var column = schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentException($"Column '{columnName}' ({optionName}) was not found in the data. Columns present: {string.Join(", ", schema.Select(c => c.Name))}.", optionName);
        if (column.Type != NumberDataViewType.Single && column.Type != NumberDataViewType.Double)
            throw new ArgumentException($"Column '{columnName}' ({optionName}) must be Single or Double; got {column.Type}. Convert it with ml.Transforms.Conversion.ConvertType.", optionName);
    }

    /// <summary>
    /// Reads every row with both keys present (non-zero) and a non-NaN label; the others are counted as skipped.
    /// Without a label column every label is 1.
    /// </summary>
    public static RatingTriples Read(IDataView data, string userColumn, string itemColumn, string? labelColumn)
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
        Func<float> labelGetter = () => 1f;
        if (label is { } l)
        {
            if (l.Type == NumberDataViewType.Single)
            {
                var g = cursor.GetGetter<float>(l);
                labelGetter = () => { float v = 0; g(ref v); return v; };
            }
            else
            {
                var g = cursor.GetGetter<double>(l);
                labelGetter = () => { double v = 0; g(ref v); return (float)v; };
            }
        }
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
}
