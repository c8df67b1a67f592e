using Microsoft.ML;

namespace MLNet.TwoTower.Tests.Baselines;

/// <summary>Tiny rating tables for tests: ids are mapped to keys on all rows (UserKey, ItemKey), in order of first appearance.</summary>
internal static class RatingData
{
    public sealed class Row
    {
        public float UserId { get; set; }
        public float ItemId { get; set; }
        public float Label { get; set; }
        public float Timestamp { get; set; }
    }

    public static IDataView Keyed(MLContext ml, IEnumerable<Row> rows)
    {
        var view = ml.Data.LoadFromEnumerable(rows.ToList());
        return ml.Data.Cache(ml.Transforms.Conversion.MapValueToKey("UserKey", "UserId")
            .Append(ml.Transforms.Conversion.MapValueToKey("ItemKey", "ItemId"))
            .Fit(view).Transform(view));
    }

    /// <summary>
    /// The rows with ids mapped to keys in place, so the columns are the library's defaults (UserId and ItemId keys,
    /// Label): options need no column names.
    /// </summary>
    public static IDataView KeyedInPlace(MLContext ml, IEnumerable<Row> rows)
    {
        var view = ml.Data.LoadFromEnumerable(rows.ToList());
        return ml.Data.Cache(ml.Transforms.Conversion.MapValueToKey(nameof(Row.UserId))
            .Append(ml.Transforms.Conversion.MapValueToKey(nameof(Row.ItemId)))
            .Fit(view).Transform(view));
    }

    /// <summary>
    /// A noiseless rank-2 matrix: rating(u, i) = 3 + a_u·b_i with a_u, b_i drawn in [−1.5, 1.5]², observed with
    /// probability 0.6. Returns the observed rows and the unobserved ones (for testing).
    /// </summary>
    public static (List<Row> Observed, List<Row> Hidden) LowRank(int users, int items, int seed)
    {
        var random = new Random(seed);
        var a = Enumerable.Range(0, users).Select(_ => new[] { random.NextSingle() * 3 - 1.5f, random.NextSingle() * 3 - 1.5f }).ToArray();
        var b = Enumerable.Range(0, items).Select(_ => new[] { random.NextSingle() * 3 - 1.5f, random.NextSingle() * 3 - 1.5f }).ToArray();
        var observed = new List<Row>();
        var hidden = new List<Row>();
        for (int u = 0; u < users; u++)
            for (int i = 0; i < items; i++)
            {
                var row = new Row { UserId = u, ItemId = i, Label = 3 + a[u][0] * b[i][0] + a[u][1] * b[i][1] };
                (random.NextDouble() < 0.6 ? observed : hidden).Add(row);
            }
        // Every user and item must appear in the observed rows so the hidden ones are warm.
        for (int u = 0; u < users; u++)
            if (!observed.Any(r => r.UserId == u))
                observed.Add(new Row { UserId = u, ItemId = 0, Label = 3 + a[u][0] * b[0][0] + a[u][1] * b[0][1] });
        for (int i = 0; i < items; i++)
            if (!observed.Any(r => r.ItemId == i))
                observed.Add(new Row { UserId = 0, ItemId = i, Label = 3 + a[0][0] * b[i][0] + a[0][1] * b[i][1] });
        hidden.RemoveAll(h => observed.Any(o => o.UserId == h.UserId && o.ItemId == h.ItemId));
        return (observed, hidden);
    }
}
