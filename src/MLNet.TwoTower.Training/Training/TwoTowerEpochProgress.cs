namespace MLNet.TwoTower.Training;

/// <summary>What the Two-Tower trainer reports after each epoch.</summary>
public sealed class TwoTowerEpochProgress
{
    /// <summary>1-based number of the epoch just finished.</summary>
    public required int Epoch { get; init; }

    /// <summary>Number of epochs the training will run.</summary>
    public required int NumberOfEpochs { get; init; }

    /// <summary>
    /// Mean InfoNCE loss over the epoch's training pairs. Without sampling-bias correction and extra negatives a random
    /// model scores about ln(batch size); the logQ correction adds each candidate's −log p, so corrected losses run
    /// higher and only compare with losses of the same settings.
    /// </summary>
    public required float Loss { get; init; }

    /// <summary>The softmax temperature τ at the end of the epoch.</summary>
    public required float Temperature { get; init; }

    /// <summary>Positive pairs trained on per second during this epoch.</summary>
    public required double ExamplesPerSecond { get; init; }

    /// <summary>Time since training started (data loading excluded).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>
    /// Recall@<see cref="ValidationTopK"/> of the held-out positives after this epoch (full catalogue, the user's
    /// training items excluded); <see langword="null"/> when the trainer holds nothing out.
    /// </summary>
    public float? ValidationRecall { get; init; }

    /// <summary>
    /// nDCG@<see cref="ValidationTopK"/> of the ranking score on held-out rated items after this epoch (at the best
    /// score mix); <see langword="null"/> without a ranking head or without held-out rated items.
    /// </summary>
    public float? ValidationNdcg { get; init; }

    /// <summary>The K of <see cref="ValidationRecall"/>; 0 when there is no validation.</summary>
    public int ValidationTopK { get; init; }

    /// <summary>The epoch with the best validation recall so far (its weights are kept); 0 without validation.</summary>
    public int BestEpoch { get; init; }

    /// <summary>
    /// True while the towers are trained again on all the data after validation chose the epoch count
    /// (<see cref="TwoTowerTrainer.Options.RefitOnAllData"/>); <see cref="Epoch"/> then counts the refit's epochs.
    /// </summary>
    public bool Refit { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        (Refit ? "refit on all data, " : "") + $"epoch {Epoch}/{NumberOfEpochs}: loss {Loss:F4}, temperature {Temperature:F4}, " +
        (ValidationRecall is float recall ? $"validation recall@{ValidationTopK} {recall:F4}" +
            (ValidationNdcg is float ndcg ? $", nDCG@{ValidationTopK} {ndcg:F4}" : "") + $" (best epoch {BestEpoch}), " : "") +
        $"{ExamplesPerSecond:N0} examples/s, elapsed {Elapsed.TotalSeconds:F1} s";
}
