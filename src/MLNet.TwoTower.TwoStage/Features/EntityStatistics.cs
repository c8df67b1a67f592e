namespace MLNet.TwoTower.TwoStage.Features;

/// <summary>
/// What the re-ranker knows about users and items from the interactions it may see: per key, log(1 + rows), the mean
/// label, and for items log(1 + positive rows), the popularity the towers' prior also uses. Row 0 of each table
/// holds the values of a key without rows (a cold or missing key): counts 0, the mean label of all rows, so that a
/// cold entity's mean is the neutral value rather than 0 (a rating no one gave).
/// </summary>
internal sealed class EntityStatistics
{
    /// <summary>Values per user row: log(1 + count), mean label.</summary>
    public const int UserWidth = 2;

    /// <summary>Values per item row: log(1 + count), mean label, log(1 + positives).</summary>
    public const int ItemWidth = 3;

    private EntityStatistics(float[] users, float[] items, int userKeyCount, int itemKeyCount)
    {
        Users = users;
        Items = items;
        UserKeyCount = userKeyCount;
        ItemKeyCount = itemKeyCount;
    }

    /// <summary>Row-major, <c>(UserKeyCount + 1) × UserWidth</c>; row k belongs to key k, row 0 to unknown keys.</summary>
    public float[] Users { get; }

    /// <summary>Row-major, <c>(ItemKeyCount + 1) × ItemWidth</c>; row k belongs to key k, row 0 to unknown keys.</summary>
    public float[] Items { get; }

    public int UserKeyCount { get; }

    public int ItemKeyCount { get; }

    /// <summary>
    /// The statistics of the rows of <paramref name="data"/> that <paramref name="use"/> keeps (all when null), every
    /// count multiplied by <paramref name="countScale"/> before its log: refitted statistics count all rows but are
    /// put on the scale of the held-out-free rows the re-ranker learned from, so its split thresholds still apply.
    /// </summary>
    public static EntityStatistics Compute(InteractionTable data, float positiveThreshold, bool[]? use = null, float countScale = 1f)
    {
        var userCount = new int[data.UserKeyCount + 1];
        var itemCount = new int[data.ItemKeyCount + 1];
        var itemPositives = new int[data.ItemKeyCount + 1];
        var userSum = new double[data.UserKeyCount + 1];
        var itemSum = new double[data.ItemKeyCount + 1];
        double total = 0;
        int rows = 0;
        for (int r = 0; r < data.Count; r++)
        {
            if (!data.IsValid(r) || (use is not null && !use[r]))
                continue;
            uint u = data.Users[r], i = data.Items[r];
            float label = data.Labels[r];
            userCount[u]++;
            itemCount[i]++;
            userSum[u] += label;
            itemSum[i] += label;
            if (label >= positiveThreshold)
                itemPositives[i]++;
            total += label;
            rows++;
        }
        float globalMean = rows == 0 ? 0f : (float)(total / rows);
        var users = new float[(data.UserKeyCount + 1) * UserWidth];
        var items = new float[(data.ItemKeyCount + 1) * ItemWidth];
        for (int u = 0; u <= data.UserKeyCount; u++)
        {
            users[u * UserWidth] = MathF.Log(1 + countScale * userCount[u]);
            users[u * UserWidth + 1] = userCount[u] == 0 ? globalMean : (float)(userSum[u] / userCount[u]);
        }
        for (int i = 0; i <= data.ItemKeyCount; i++)
        {
            items[i * ItemWidth] = MathF.Log(1 + countScale * itemCount[i]);
            items[i * ItemWidth + 1] = itemCount[i] == 0 ? globalMean : (float)(itemSum[i] / itemCount[i]);
            items[i * ItemWidth + 2] = MathF.Log(1 + countScale * itemPositives[i]);
        }
        // Row 0 (missing key) never counts: a row with key 0 is invalid and skipped above.
        return new EntityStatistics(users, items, data.UserKeyCount, data.ItemKeyCount);
    }

    /// <summary>The user row of key <paramref name="key"/> (row 0 for a key out of range).</summary>
    public ReadOnlySpan<float> User(uint key) => Users.AsSpan((int)(key <= UserKeyCount ? key : 0) * UserWidth, UserWidth);

    /// <summary>The item row of key <paramref name="key"/> (row 0 for a key out of range).</summary>
    public ReadOnlySpan<float> Item(uint key) => Items.AsSpan((int)(key <= ItemKeyCount ? key : 0) * ItemWidth, ItemWidth);
}
