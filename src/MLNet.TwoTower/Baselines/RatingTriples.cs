namespace MLNet.TwoTower.Baselines;

/// <summary>
/// Training data of a factor model in coordinate form: 0-based user and item indices (key − 1) and the label.
/// <see cref="UserCount"/> and <see cref="ItemCount"/> are the key counts of the two columns.
/// </summary>
internal sealed class RatingTriples
{
    public RatingTriples(int[] users, int[] items, float[] labels, int userCount, int itemCount, long skippedRows)
    {
        Users = users;
        Items = items;
        Labels = labels;
        UserCount = userCount;
        ItemCount = itemCount;
        SkippedRows = skippedRows;
    }

    public int[] Users { get; }
    public int[] Items { get; }
    public float[] Labels { get; }
    public int UserCount { get; }
    public int ItemCount { get; }
    public int Count => Users.Length;

    /// <summary>Rows left out because a key was missing (0) or the label was NaN.</summary>
    public long SkippedRows { get; }

    public int[] CountPerUser()
    {
        var counts = new int[UserCount];
        foreach (var u in Users)
            counts[u]++;
        return counts;
    }

    public int[] CountPerItem()
    {
        var counts = new int[ItemCount];
        foreach (var i in Items)
            counts[i]++;
        return counts;
    }
}
