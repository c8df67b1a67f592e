namespace MLNet.TwoTower.Training.Sampling;

/// <summary>
/// Estimates how likely an item is to appear among a batch's candidates, for the sampling-bias (logQ) correction of
/// Yi et al., "Sampling-Bias-Corrected Neural Modeling for Large Corpus Item Recommendations" (RecSys 2019).
/// </summary>
internal interface IItemFrequencyEstimator
{
    /// <summary>Records the items of the batch seen at <paramref name="step"/> (0-based, increasing).</summary>
    void Observe(ReadOnlySpan<int> itemKeys, long step);

    /// <summary>The estimated per-step probability that <paramref name="itemKey"/> appears in a batch, in (0, 1].</summary>
    float Probability(int itemKey);
}
