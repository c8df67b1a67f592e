using static TorchSharp.torch;

namespace MLNet.TwoTower.Modeling;

/// <summary>
/// Each user key's training items (compressed rows), from which a batch's history rows are gathered as
/// <see cref="SparseRows"/> over the item keys with weight <c>1/√n</c> (SVD++'s normalisation: a user's history vector
/// keeps its scale whether they rated 20 items or 2,000). Built from the pairs the run trains on, so held-out
/// validation pairs never reach it.
/// </summary>
internal sealed class KeyHistory
{
    private readonly int[] rowStarts;
    private readonly int[] items;

    private KeyHistory(int itemKeyCount, int[] rowStarts, int[] items)
    {
        ItemKeyCount = itemKeyCount;
        this.rowStarts = rowStarts;
        this.items = items;
    }

    /// <summary>Item keys run 1..ItemKeyCount; column 0 (the unknown item) never appears in a history.</summary>
    public int ItemKeyCount { get; }

    /// <summary>The number of user keys (rows 0..KeyCount; row 0, the unknown user, is always empty).</summary>
    public int KeyCount => rowStarts.Length - 2;

    /// <summary>The distinct items of each user among the pairs (a repeated pair counts once).</summary>
    public static KeyHistory FromPairs(IReadOnlyList<int> userKeys, IReadOnlyList<int> itemKeys, int userKeyCount, int itemKeyCount)
    {
        if (userKeys.Count != itemKeys.Count)
            throw new ArgumentException($"{userKeys.Count} user keys but {itemKeys.Count} item keys.", nameof(itemKeys));
        var byUser = new SortedSet<int>?[userKeyCount + 1];
        for (var i = 0; i < userKeys.Count; i++)
        {
            var (user, item) = (userKeys[i], itemKeys[i]);
            if (user < 1 || user > userKeyCount || item < 1 || item > itemKeyCount)
                throw new ArgumentOutOfRangeException(nameof(userKeys), $"Pair {i} ({user}, {item}) is outside keys 1..{userKeyCount} × 1..{itemKeyCount}.");
            (byUser[user] ??= []).Add(item);
        }
        var rowStarts = new int[userKeyCount + 2];
        var flat = new List<int>(userKeys.Count);
        for (var user = 0; user <= userKeyCount; user++)
        {
            rowStarts[user] = flat.Count;
            if (byUser[user] is { } set)
                flat.AddRange(set);
        }
        rowStarts[userKeyCount + 1] = flat.Count;
        return new KeyHistory(itemKeyCount, rowStarts, flat.ToArray());
    }

    /// <summary>The history of <paramref name="user"/>, in ascending item key order.</summary>
    public ReadOnlySpan<int> Items(int user) => items.AsSpan(rowStarts[user], rowStarts[user + 1] - rowStarts[user]);

    /// <summary>
    /// The histories of <paramref name="userKeys"/> as a <c>[B, ItemKeyCount + 1]</c> batch. With
    /// <paramref name="withheld"/> (one item per row), row b leaves out item <c>withheld[b]</c>: a training pair must
    /// not read its own target in the user's history, or the tower learns to copy its input instead of generalising
    /// to the items a user has not had yet.
    /// </summary>
    public SparseRows Gather(ReadOnlySpan<int> userKeys, ReadOnlySpan<int> withheld, Device device)
    {
        if (!withheld.IsEmpty && withheld.Length != userKeys.Length)
            throw new ArgumentException($"{withheld.Length} withheld items for {userKeys.Length} users.", nameof(withheld));
        var count = 0;
        foreach (var user in userKeys)
            count += rowStarts[user + 1] - rowStarts[user];
        var rows = new List<long>(count);
        var columns = new List<long>(count);
        var values = new List<float>(count);
        for (var b = 0; b < userKeys.Length; b++)
        {
            var history = Items(userKeys[b]);
            var skip = withheld.IsEmpty ? 0 : withheld[b];
            var kept = history.Length - (skip != 0 && history.BinarySearch(skip) >= 0 ? 1 : 0);
            if (kept == 0)
                continue;
            var weight = 1f / MathF.Sqrt(kept);
            foreach (var item in history)
            {
                if (item == skip)
                    continue;
                rows.Add(b);
                columns.Add(item);
                values.Add(weight);
            }
        }
        var indices = new long[2 * rows.Count];
        rows.CopyTo(indices, 0);
        columns.CopyTo(indices, rows.Count);
        return new SparseRows(tensor(indices, [2, rows.Count], device: device), tensor(values.ToArray(), device: device),
            userKeys.Length, ItemKeyCount + 1L);
    }
}
