namespace MLNet.TwoTower.Training.Validation;

/// <summary>The validation budget: at most N users, a seeded sample, in ascending key order.</summary>
internal static class ValidationSample
{
    public static int[] Users(IEnumerable<int> users, int maxUsers, int seed)
    {
        var all = users.Order().ToArray();
        if (all.Length <= maxUsers)
            return all;
        new Random(seed).Shuffle(all);
        return all.AsSpan(0, maxUsers).ToArray().Order().ToArray();
    }
}
