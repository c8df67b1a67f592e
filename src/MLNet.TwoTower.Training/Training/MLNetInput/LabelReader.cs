using Microsoft.ML;

namespace MLNet.TwoTower.Training.MLNetInput;

/// <summary>Turns the label column into "is this row a positive?", rejecting NaN ratings.</summary>
internal static class LabelReader
{
    public static Func<long, bool> Create(DataViewRowCursor cursor, DataViewSchema.Column column, bool isBoolean,
        float positiveThreshold)
    {
        if (isBoolean)
        {
            var getBool = cursor.GetGetter<bool>(column);
            var flag = false;
            return _ =>
            {
                getBool(ref flag);
                return flag;
            };
        }

        var getFloat = cursor.GetGetter<float>(column);
        var label = 0f;
        return row =>
        {
            getFloat(ref label);
            if (float.IsNaN(label))
            {
                throw new ArgumentException(
                    $"Column '{column.Name}' is NaN at row {row}; every row needs a rating. Drop unrated rows (FilterRowsByMissingValues) first.",
                    "data");
            }
            return label >= positiveThreshold;
        };
    }
}
