namespace MLNet.TwoTower.Evaluation;

/// <summary>Every model's metrics under one protocol.</summary>
public sealed class ProtocolTable
{
    /// <summary>The protocol (written to JSON as its key, e.g. "warm").</summary>
    public required Protocol Protocol { get; init; }

    /// <summary>How the split was made and who was evaluated.</summary>
    public required string Description { get; init; }

    /// <summary>Metric names in column order.</summary>
    public required IReadOnlyList<string> Metrics { get; init; }

    /// <summary>One row per model (floors first).</summary>
    public required IReadOnlyList<ComparisonRow> Rows { get; init; }
}
