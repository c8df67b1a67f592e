using MLNet.TwoTower.TwoStage.Features;

namespace MLNet.TwoTower.TwoStage.Training;

/// <summary>
/// Chooses, per user, a seeded random share of the user's (user, item) pairs whose rows the first towers do not see:
/// their labels train the re-ranker. Whole pairs are held out (every row of a pair rated twice goes together), so a
/// held-out label cannot reach the towers through a duplicate row. A user keeps at least one pair, so every user with
/// rows stays warm for the towers; the number held out is rounded stochastically, so users with few pairs still
/// contribute in expectation.
/// </summary>
internal static class HoldoutSplit
{
    /// <summary>A mask over <paramref name="data"/>'s rows: true = held out from the first towers.</summary>
    public static bool[] Choose(InteractionTable data, float fraction, int seed)
    {
        var random = new Random(seed);
        var heldOut = new bool[data.Count];
        // Rows of each user grouped by item, users and items in key order, so the choice does not depend on row order.
        var pairs = new SortedDictionary<uint, SortedDictionary<uint, List<int>>>();
        for (int r = 0; r < data.Count; r++)
        {
            if (!data.IsValid(r))
                continue;
            if (!pairs.TryGetValue(data.Users[r], out var items))
                pairs[data.Users[r]] = items = new SortedDictionary<uint, List<int>>();
            if (!items.TryGetValue(data.Items[r], out var rows))
                items[data.Items[r]] = rows = new List<int>();
            rows.Add(r);
        }
        foreach (var items in pairs.Values)
        {
            var order = items.Values.ToArray();
            random.Shuffle(order);
            int count = Math.Min(order.Length - 1, (int)Math.Floor(fraction * order.Length + random.NextDouble()));
            for (int p = 0; p < count; p++)
                foreach (var row in order[p])
                    heldOut[row] = true;
        }
        return heldOut;
    }
}
