namespace MLNet.TwoTower.Evaluation;

/// <summary>One model's line in a <see cref="ProtocolTable"/>.</summary>
public sealed class ComparisonRow
{
    /// <summary>The model's name.</summary>
    public required string Model { get; init; }

    /// <summary>
    /// Metric name → value (mean over evaluated users); null where the model cannot score the protocol at all
    /// (matrix factorization on cold-start users gives every test row a NaN score).
    /// </summary>
    public required IReadOnlyDictionary<string, double?> Values { get; init; }

    /// <summary>Training wall time in seconds (0 for floors that need none).</summary>
    public double TrainSeconds { get; init; }
}
