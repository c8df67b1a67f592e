using System.Globalization;
using MLNet.TwoTower.Datasets.Csv;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Datasets.Folder;

/// <summary>
/// Streams <c>interactions.csv</c> (or <c>interactions.test.csv</c>) into an <see cref="InteractionTable"/>: one
/// record at a time, ids looked up as spans and interned once, numbers parsed from spans. Memory is the table's
/// columns (12 or 20 bytes per row) plus the ids, never the file or a string per field.
/// </summary>
internal static class InteractionCsv
{
    /// Rows after which the total is estimated from the bytes read so far (a few MB: the read-ahead is then noise).
    private const int EstimateAfterRows = 1 << 18;

    /// Margin over the estimate, so that row-length variation does not force a last doubling of the columns.
    private const double EstimateMargin = 1.06;

    public static InteractionTable Read(string path, EntityTable? users, EntityTable? items)
    {
        using var csv = CsvRecordReader.Open(path);
        int user = csv.RequireColumn(DatasetColumns.UserIdField);
        int item = csv.RequireColumn(DatasetColumns.ItemIdField);
        int rating = csv.RequireColumn(DatasetColumns.RatingField);
        int timestamp = csv.IndexOf(DatasetColumns.TimestampField);
        var table = new InteractionTableBuilder(hasTimestamps: timestamp >= 0);
        while (csv.MoveNext())
        {
            var userId = RequireId(csv, user);
            var itemId = RequireId(csv, item);
            if (users is not null && !users.Contains(userId))
            {
                throw csv.Error(user, $"user '{userId}' is not in {DatasetFiles.Users}; add the user there or remove the interaction.");
            }

            if (items is not null && !items.Contains(itemId))
            {
                throw csv.Error(item, $"item '{itemId}' is not in {DatasetFiles.Items}; add the item there or remove the interaction.");
            }

            if (!float.TryParse(csv.Field(rating).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || !float.IsFinite(value))
            {
                throw csv.Error(rating, $"'{DatasetColumns.RatingField}' must be a finite number such as 4 or 3.5 ('.' as decimal point); found '{csv.Field(rating)}'.");
            }

            long? time = null;
            if (timestamp >= 0)
            {
                if (!long.TryParse(csv.Field(timestamp).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long seconds))
                {
                    throw csv.Error(timestamp, $"'{DatasetColumns.TimestampField}' must be whole seconds since 1970-01-01 UTC; found '{csv.Field(timestamp)}'.");
                }

                time = seconds;
            }

            table.Add(userId, itemId, value, time);
            if (table.Count == EstimateAfterRows)
            {
                table.EnsureCapacity(EstimateRows(csv, table.Count));
            }
        }

        if (table.Count == 0)
        {
            throw new DatasetFormatException(path, csv.HeaderLine, 0, "the file has a header but no interactions.");
        }

        return table.Build();
    }

    /// The file's row count extrapolated from the rows and bytes read so far, with a margin; sizing the columns once
    /// saves the doublings (and their copies) that would otherwise dominate peak memory.
    private static int EstimateRows(CsvRecordReader csv, int rows)
    {
        double estimate = rows * (double)csv.FileLength / Math.Max(1, csv.BytesRead) * EstimateMargin;
        return (int)Math.Min(estimate, Array.MaxLength);
    }

    private static ReadOnlySpan<char> RequireId(CsvRecordReader csv, int field)
    {
        var value = csv.Field(field).Trim();
        if (value.IsEmpty)
        {
            throw csv.Error(field, $"'{csv.Header[field]}' is empty; every row needs an id.");
        }

        return value;
    }
}
