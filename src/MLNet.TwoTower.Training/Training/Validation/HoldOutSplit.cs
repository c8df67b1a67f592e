namespace MLNet.TwoTower.Training.Validation;

/// <summary>
/// Splits the positive pairs into a training part and a held-out validation part, at random with a fixed seed.
/// </summary>
internal sealed record HoldOutSplit(int[] TrainUserKeys, int[] TrainItemKeys, int[] ValidationUserKeys,
    int[] ValidationItemKeys)
{
    /// <summary>The ratings of the training pairs (empty when none were given).</summary>
    public float[] TrainRatings { get; init; } = [];

    /// <summary>The ratings of the held-out pairs (empty when none were given).</summary>
    public float[] ValidationRatings { get; init; } = [];

    public int TrainCount => TrainUserKeys.Length;

    public bool HasValidation => ValidationUserKeys.Length > 0;

    /// <summary>
    /// Holds out ⌊fraction × pairs⌋ pairs (none when fraction is 0), keeping at least 2 pairs for training.
    /// <paramref name="ratings"/> (aligned with the keys, or empty) are split with them.
    /// </summary>
    public static HoldOutSplit Create(int[] userKeys, int[] itemKeys, float fraction, int seed, float[]? ratings = null)
    {
        ratings ??= [];
        var count = userKeys.Length;
        var held = (int)Math.Min(Math.Floor(fraction * (double)count), Math.Max(0, count - 2));
        if (held <= 0)
            return new HoldOutSplit(userKeys, itemKeys, [], []) { TrainRatings = ratings };

        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        // Keep the original order within each part: training batches are shuffled anyway, and it keeps the split
        // independent of anything but the seed.
        var heldOut = new bool[count];
        foreach (var index in order.AsSpan(0, held))
            heldOut[index] = true;
        var train = Enumerable.Range(0, count).Where(i => !heldOut[i]).ToArray();
        var validation = Enumerable.Range(0, count).Where(i => heldOut[i]).ToArray();
        return new HoldOutSplit(
            train.Select(i => userKeys[i]).ToArray(), train.Select(i => itemKeys[i]).ToArray(),
            validation.Select(i => userKeys[i]).ToArray(), validation.Select(i => itemKeys[i]).ToArray())
        {
            TrainRatings = ratings.Length == 0 ? [] : train.Select(i => ratings[i]).ToArray(),
            ValidationRatings = ratings.Length == 0 ? [] : validation.Select(i => ratings[i]).ToArray(),
        };
    }
}
