namespace MLNet.TwoTower.Training.Sampling;

/// <summary>
/// Exact sampling probabilities from the training positives: with batches of size B drawn uniformly from the
/// positive pairs, item j appears in a batch with probability about <c>B · count(j) / total</c>. Counts are known
/// up front when the whole training set is in memory, so no streaming estimate is needed.
/// </summary>
internal sealed class CountingFrequencyEstimator : IItemFrequencyEstimator
{
    private readonly float[] _probability;

    /// <param name="itemKeysOfPositives">The item key of every positive pair (keys are 1-based; 0 is never used).</param>
    /// <param name="keyCount">The item key type's cardinality.</param>
    /// <param name="batchSize">Batch size the probabilities are per.</param>
    public CountingFrequencyEstimator(ReadOnlySpan<int> itemKeysOfPositives, int keyCount, int batchSize)
    {
        if (itemKeysOfPositives.Length == 0)
            throw new ArgumentException("Cannot estimate item frequencies without positive pairs.", nameof(itemKeysOfPositives));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var counts = new int[keyCount + 1];
        foreach (var key in itemKeysOfPositives)
            counts[key]++;
        _probability = new float[keyCount + 1];
        double perStep = (double)batchSize / itemKeysOfPositives.Length;
        for (int k = 0; k <= keyCount; k++)
            // An item never seen in training still gets a floor of one occurrence, so log(p) stays finite.
            _probability[k] = (float)Math.Min(1.0, Math.Max(1, counts[k]) * perStep);
    }

    /// <inheritdoc />
    public void Observe(ReadOnlySpan<int> itemKeys, long step)
    {
        // Counts are exact from the start; nothing to learn while training.
    }

    /// <inheritdoc />
    public float Probability(int itemKey) => _probability[itemKey];
}
