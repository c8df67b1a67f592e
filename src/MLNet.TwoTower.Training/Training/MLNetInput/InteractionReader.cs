using MLNet.TwoTower.MLNetInput;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Training.MLNetInput;

/// <summary>
/// Reads the training data once into an <see cref="InteractionStore"/>: each user's and item's feature vector is stored
/// once under its key, and each row becomes a positive or a negative (user key, item key) pair. Rejects rows the model cannot learn
/// from, naming the column and the 0-based row.
/// </summary>
internal static class InteractionReader
{
    public static InteractionStore Read(IDataView data, TwoTowerInputColumns columns, float positiveThreshold,
        TrainingCancellation cancellation)
    {
        var schema = data.Schema;
        var users = new EntityFeatureCollector(columns.UserIdColumnName, columns.UserFeaturesColumnName,
            columns.UserKeyCount, columns.UserFeatureSize, KeyDescriber.Create(schema[columns.UserIdColumnName]));
        var items = new EntityFeatureCollector(columns.ItemIdColumnName, columns.ItemFeaturesColumnName,
            columns.ItemKeyCount, columns.ItemFeatureSize, KeyDescriber.Create(schema[columns.ItemIdColumnName]));
        var positiveUsers = new List<int>();
        var positiveItems = new List<int>();
        var negativeUsers = new List<int>();
        var negativeItems = new List<int>();
        var positiveRatings = new List<float>();
        var negativeRatings = new List<float>();

        var needed = new[]
            {
                columns.UserIdColumnName, columns.ItemIdColumnName, columns.UserFeaturesColumnName,
                columns.ItemFeaturesColumnName, columns.LabelColumnName,
            }
            .OfType<string>().Select(name => schema[name]).ToArray();
        long row = 0;
        using (var cursor = data.GetRowCursor(needed))
        {
            var userKey = ColumnReader.KeyGetter(cursor, schema[columns.UserIdColumnName]);
            var itemKey = ColumnReader.KeyGetter(cursor, schema[columns.ItemIdColumnName]);
            var userFeatures = FeatureGetter(cursor, columns.UserFeaturesColumnName);
            var itemFeatures = FeatureGetter(cursor, columns.ItemFeaturesColumnName);
            var rating = LabelReader.Create(cursor, schema[columns.LabelColumnName], columns.LabelIsBoolean,
                positiveThreshold);

            for (; cursor.MoveNext(); row++)
            {
                if ((row & 0xFFF) == 0)
                    cancellation.ThrowIfCancellationRequested();
                var user = users.Add(userKey(), userFeatures, row);
                var item = items.Add(itemKey(), itemFeatures, row);
                var (positive, value) = rating(row);
                if (positive)
                {
                    positiveUsers.Add(user);
                    positiveItems.Add(item);
                    positiveRatings.Add(value);
                }
                else
                {
                    negativeUsers.Add(user);
                    negativeItems.Add(item);
                    negativeRatings.Add(value);
                }
            }
        }

        if (row == 0)
            throw new ArgumentException("The training data contains no rows; the Two-Tower trainer needs interactions to learn from.", nameof(data));
        if (positiveUsers.Count == 0)
        {
            var rule = columns.LabelIsBoolean ? "is true" : $"is at least PositiveThreshold = {positiveThreshold}";
            throw new ArgumentException(
                $"None of the {row} rows is a positive: no value of column '{columns.LabelColumnName}' {rule}. Check the label column and PositiveThreshold.",
                nameof(data));
        }
        return new InteractionStore(users.Table, items.Table, positiveUsers.ToArray(), positiveItems.ToArray(),
            items.SeenKeys(), negativeUsers.ToArray(), negativeItems.ToArray())
        {
            PositiveRatings = positiveRatings.ToArray(),
            NegativeRatings = negativeRatings.ToArray(),
            RatingsAreBoolean = columns.LabelIsBoolean,
        };
    }

    /// <summary>The feature getter, or null when the tower reads only the id.</summary>
    private static ValueGetter<VBuffer<float>>? FeatureGetter(DataViewRowCursor cursor, string? column) =>
        column is null ? null : cursor.GetGetter<VBuffer<float>>(cursor.Schema[column]);
}
