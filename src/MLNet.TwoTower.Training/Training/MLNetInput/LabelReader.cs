using Microsoft.ML;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Training.MLNetInput;

/// <summary>Turns the label column (read by <see cref="ColumnReader.LabelGetter"/>) into "is this row a positive?", rejecting NaN ratings.</summary>
internal static class LabelReader
{
    public static Func<long, bool> Create(DataViewRowCursor cursor, DataViewSchema.Column column, bool isBoolean,
        float positiveThreshold)
    {
        var label = ColumnReader.LabelGetter(cursor, column);
        if (isBoolean)
            return _ => label() > 0f;
        return row =>
        {
            float value = label();
            if (float.IsNaN(value))
            {
                throw new ArgumentException(
                    $"Column '{column.Name}' is NaN at row {row}; every row needs a rating. Drop unrated rows (FilterRowsByMissingValues) first.",
                    "data");
            }
            return value >= positiveThreshold;
        };
    }
}
