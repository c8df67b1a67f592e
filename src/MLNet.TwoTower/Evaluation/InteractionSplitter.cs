using MLNet.TwoTower.Schema;
using Microsoft.ML;

namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// Train/test splits for recommendation, deterministic by seed. Each takes an <see cref="IDataView"/> and returns lazy
/// views over it; split a cached view (<c>ml.Data.Cache</c>) so repeated cursors see the same rows.
/// Fractions must lie strictly between 0 and 1; data too small to give both sides at least one row (or user, or item)
/// throws <see cref="ArgumentException"/>.
/// </summary>
public static class InteractionSplitter
{
    /// <summary>
    /// The reference protocol: a random split of the rows, done by ML.NET's own <c>ml.Data.TrainTestSplit</c>, so it
    /// matches what ML.NET users get for the same seed.
    /// </summary>
    public static InteractionSplit Random(MLContext ml, IDataView data, double testFraction = 0.2, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        CheckFraction(testFraction, nameof(testFraction));
        long rows = CountRows(data);
        if (rows < 2)
            throw new ArgumentException($"The data has {rows} row(s); a split needs at least 2.", nameof(data));
        var split = ml.Data.TrainTestSplit(data, testFraction, seed: seed);
        long train = CountRows(split.TrainSet), test = CountRows(split.TestSet);
        if (train == 0 || test == 0)
            throw new ArgumentException(FormattableString.Invariant($"A random {1 - testFraction:0.##}/{testFraction:0.##} split of {rows} rows left one side empty; use more data or another fraction."), nameof(data));
        return new InteractionSplit(split.TrainSet, split.TestSet, FormattableString.Invariant($"random {1 - testFraction:0.##}/{testFraction:0.##}"), seed, train, test);
    }

    /// <summary>
    /// A split given by the data owner (a dataset's <c>interactions.test.csv</c>): <paramref name="train"/> and
    /// <paramref name="test"/> are used as they are. Both must carry the same columns.
    /// </summary>
    public static InteractionSplit Fixed(IDataView train, IDataView test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        long trainRows = CountRows(train), testRows = CountRows(test);
        if (trainRows == 0 || testRows == 0)
            throw new ArgumentException($"A fixed split needs rows on both sides; got {trainRows} train and {testRows} test rows.");
        foreach (var column in train.Schema.Where(c => !c.IsHidden))
        {
            var other = test.Schema.GetColumnOrNull(column.Name);
            if (other is null || !other.Value.Type.Equals(column.Type))
                throw new ArgumentException(
                    $"Test column '{column.Name}' must have the train set's type {column.Type}; found {other?.Type.ToString() ?? "no such column"}.", nameof(test));
        }
        return new InteractionSplit(train, test, "fixed test set", 0, trainRows, testRows);
    }

    /// <summary>
    /// Per user, a random <paramref name="testFraction"/> of that user's rows (rounded, at least one) goes to test.
    /// Users with a single row stay entirely in train. Rows with a missing user go to train.
    /// </summary>
    public static InteractionSplit PerUserRatio(IDataView data, string userIdColumnName, double testFraction = 0.2, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFraction(testFraction, nameof(testFraction));
        var users = ColumnReader.ReadIds(data, userIdColumnName, nameof(userIdColumnName), out int userCount);
        var rowsByUser = GroupRows(users, userCount);
        var random = new Random(seed);
        var test = new bool[users.Length];
        foreach (var rows in rowsByUser)
        {
            if (rows.Count < 2)
                continue;
            var shuffled = rows.ToArray();
            random.Shuffle(shuffled);
            int take = Math.Clamp((int)Math.Round(testFraction * shuffled.Length), 1, shuffled.Length - 1);
            for (int i = 0; i < take; i++)
                test[shuffled[i]] = true;
        }
        return Make(data, test, FormattableString.Invariant($"per-user {1 - testFraction:0.##}/{testFraction:0.##}"), seed);
    }

    /// <summary>
    /// Per user, the latest row by <paramref name="timestampColumnName"/> goes to test (ties: the later row in the data).
    /// Users with a single row stay in train. Deterministic; no seed involved.
    /// </summary>
    public static InteractionSplit LeaveLastOut(IDataView data, string userIdColumnName, string timestampColumnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        var users = ColumnReader.ReadIds(data, userIdColumnName, nameof(userIdColumnName), out int userCount);
        var times = ColumnReader.ReadNumbers(data, timestampColumnName, nameof(timestampColumnName));
        var test = new bool[users.Length];
        foreach (var rows in GroupRows(users, userCount))
        {
            if (rows.Count < 2)
                continue;
            int latest = rows[0];
            foreach (var row in rows)
                if (times[row] >= times[latest])
                    latest = row;
            test[latest] = true;
        }
        return Make(data, test, "leave-last-out", 0);
    }

    /// <summary>
    /// Cold-start users: a random <paramref name="testUserFraction"/> of the distinct users (rounded, at least one, at most
    /// all but one) is held out entirely; all their rows form the test set.
    /// </summary>
    public static InteractionSplit ColdUsers(IDataView data, string userIdColumnName, double testUserFraction = 0.1, int seed = 42) =>
        HoldOutGroups(data, userIdColumnName, nameof(userIdColumnName), testUserFraction, seed, "cold users");

    /// <summary>
    /// Cold-start items: a random <paramref name="testItemFraction"/> of the distinct items is held out entirely; all
    /// their rows form the test set.
    /// </summary>
    public static InteractionSplit ColdItems(IDataView data, string itemIdColumnName, double testItemFraction = 0.1, int seed = 42) =>
        HoldOutGroups(data, itemIdColumnName, nameof(itemIdColumnName), testItemFraction, seed, "cold items");

    private static InteractionSplit HoldOutGroups(IDataView data, string columnName, string argumentName, double fraction, int seed, string protocol)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFraction(fraction, argumentName == "userIdColumnName" ? "testUserFraction" : "testItemFraction");
        var ids = ColumnReader.ReadIds(data, columnName, argumentName, out int distinct);
        if (distinct < 2)
            throw new ArgumentException($"Column '{columnName}' has {distinct} distinct value(s); holding some out needs at least 2.", nameof(data));
        var order = Enumerable.Range(0, distinct).ToArray();
        new Random(seed).Shuffle(order);
        int take = Math.Clamp((int)Math.Round(fraction * distinct), 1, distinct - 1);
        var heldOut = new bool[distinct];
        for (int i = 0; i < take; i++)
            heldOut[order[i]] = true;
        var test = ids.Select(id => id >= 0 && heldOut[id]).ToArray();
        return Make(data, test, FormattableString.Invariant($"{protocol} {fraction * 100:0.#}%"), seed);
    }

    private static InteractionSplit Make(IDataView data, bool[] test, string protocol, int seed)
    {
        long testRows = test.LongCount(t => t), trainRows = test.Length - testRows;
        if (testRows == 0 || trainRows == 0)
            throw new ArgumentException(
                $"The {protocol} split of {test.Length} rows left the {(testRows == 0 ? "test" : "train")} set empty: the data is too small " +
                "(every user needs at least 2 rows to give one to test).", nameof(data));
        var train = test.Select(t => !t).ToArray();
        return new InteractionSplit(new RowSubsetDataView(data, train), new RowSubsetDataView(data, test), protocol, seed, trainRows, testRows);
    }

    private static List<int>[] GroupRows(int[] ids, int count)
    {
        var groups = new List<int>[count];
        for (int g = 0; g < count; g++)
            groups[g] = [];
        for (int row = 0; row < ids.Length; row++)
            if (ids[row] >= 0)
                groups[ids[row]].Add(row);
        return groups;
    }

    internal static void CheckFraction(double fraction, string argumentName)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(argumentName, fraction, $"{argumentName} must lie strictly between 0 and 1; got {fraction}.");
    }

    internal static long CountRows(IDataView data)
    {
        if (data.GetRowCount() is { } known)
            return known;
        long count = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
            count++;
        return count;
    }
}
