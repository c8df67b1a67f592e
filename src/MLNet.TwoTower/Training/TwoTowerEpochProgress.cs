namespace MLNet.TwoTower.Training;

/// <summary>What the Two-Tower trainer reports after each epoch.</summary>
public sealed class TwoTowerEpochProgress
{
    /// <summary>1-based number of the epoch just finished.</summary>
    public required int Epoch { get; init; }

    /// <summary>Number of epochs the training will run.</summary>
    public required int NumberOfEpochs { get; init; }

    /// <summary>Mean InfoNCE loss over the epoch's positive pairs (ln(batch size) is what a random model scores).</summary>
    public required float Loss { get; init; }

    /// <summary>The softmax temperature τ at the end of the epoch.</summary>
    public required float Temperature { get; init; }

    /// <summary>Positive pairs trained on per second during this epoch.</summary>
    public required double ExamplesPerSecond { get; init; }

    /// <summary>Time since training started (data loading excluded).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"epoch {Epoch}/{NumberOfEpochs}: loss {Loss:F4}, temperature {Temperature:F4}, {ExamplesPerSecond:N0} examples/s, elapsed {Elapsed.TotalSeconds:F1} s";
}
