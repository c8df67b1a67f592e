using Microsoft.ML;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Training.MLNetInput;

/// <summary>
/// Reads the label column (through <see cref="ColumnReader.LabelGetter"/>): the rating, and whether the row is a
/// positive. Rejects NaN and infinite ratings, naming the row.
/// </summary>
internal static class LabelReader
{
    public static Func<long, (bool Positive, float Rating)> Create(DataViewRowCursor cursor, DataViewSchema.Column column,
        bool isBoolean, float positiveThreshold)
    {
        var label = ColumnReader.LabelGetter(cursor, column);
        if (isBoolean)
            return _ => label() > 0f ? (true, 1f) : (false, 0f);
        return row =>
        {
            float value = label();
            if (!float.IsFinite(value))
            {
                throw new ArgumentException(
                    $"Column '{column.Name}' is {value} at row {row}; every row needs a finite rating. Drop unrated rows (FilterRowsByMissingValues) first.",
                    "data");
            }
            return (value >= positiveThreshold, value);
        };
    }
}
