namespace MLNet.TwoTower.Training.Sampling;

/// <summary>
/// The logit adjustment of the sampling-bias correction: <c>s^c(u, j) = s(u, j) − log p_j</c> (Yi et al., eq. 3).
/// In-batch negatives are drawn in proportion to popularity, so without it the softmax learns to push popular items
/// down. Subtracting log p (a negative number) raises every logit, rare items' the most, which cancels the bias.
/// A known bug elsewhere adds log p instead; <c>LogQCorrectionTests</c> pins the sign.
/// </summary>
internal static class LogQCorrection
{
    /// <summary>The additive correction for each candidate: <c>−log p</c>.</summary>
    public static float[] Offsets(IItemFrequencyEstimator estimator, ReadOnlySpan<int> candidateItemKeys)
    {
        var offsets = new float[candidateItemKeys.Length];
        for (int j = 0; j < offsets.Length; j++)
            offsets[j] = -MathF.Log(estimator.Probability(candidateItemKeys[j]));
        return offsets;
    }

    /// <summary>
    /// The correction for uniformly sampled extra negatives (mixed negative sampling): each of
    /// <paramref name="sampledCount"/> draws over <paramref name="catalogSize"/> items hits a given item with
    /// probability <c>sampledCount / catalogSize</c>.
    /// </summary>
    public static float UniformOffset(int sampledCount, int catalogSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampledCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(catalogSize, 1);
        return -MathF.Log(Math.Min(1f, (float)sampledCount / catalogSize));
    }
}
