namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>One model's metrics in an ablation over seeds.</summary>
public sealed class AblationRow
{
    /// <summary>The model or variant name.</summary>
    public required string Model { get; init; }

    /// <summary>What the variant changes (empty for floors and baselines).</summary>
    public required string Description { get; init; }

    /// <summary>Protocol key → metric → summary over seeds (every metric of <see cref="ExperimentResult.Summary"/>).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricSummary>> Metrics { get; init; }

    /// <summary>Mean training seconds per fit, over the fits of every protocol and seed.</summary>
    public required double MeanTrainSeconds { get; init; }

    /// <summary>The summary of <paramref name="metric"/>, or one of nulls when the model has no row there.</summary>
    public MetricSummary Get(AblationMetric metric) =>
        Metrics.TryGetValue(metric.Protocol.Key, out var byName) && byName.TryGetValue(metric.Metric, out var summary)
            ? summary
            : new MetricSummary([null]);
}
