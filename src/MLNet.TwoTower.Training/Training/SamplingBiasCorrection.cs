namespace MLNet.TwoTower.Training;

/// <summary>
/// How the Two-Tower trainer corrects the popularity bias of in-batch negatives (the logQ correction of Yi et al.,
/// "Sampling-Bias-Corrected Neural Modeling for Large Corpus Item Recommendations", RecSys 2019): every candidate's
/// logit gets <c>−log p</c>, where <c>p</c> is the probability that the item shows up in a batch.
/// </summary>
public enum SamplingBiasCorrection
{
    /// <summary>No correction: popular items, which appear as negatives more often, are pushed down the most.</summary>
    None,

    /// <summary>
    /// Probabilities from exact counts of the training positives (<c>batch size × count / positives</c>). The right
    /// choice when the whole training set is read up front, as <see cref="TwoTowerTrainer"/> does.
    /// </summary>
    ExactCounts,

    /// <summary>
    /// The paper's streaming estimate: a hashed moving average of the number of batches between two sightings of
    /// each item, updated from every batch. Needs no counts up front; starts rough and sharpens as training runs.
    /// </summary>
    Streaming,
}
