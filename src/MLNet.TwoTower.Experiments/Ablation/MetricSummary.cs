namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>One metric of one model over several seeds: the per-seed values, their mean and sample standard deviation.</summary>
public sealed class MetricSummary
{
    /// <summary>Summarises <paramref name="values"/> (one per seed, null where the model could not score).</summary>
    public MetricSummary(IReadOnlyList<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = values.ToArray();
        if (Values.Count == 0 || Values.Any(v => v is null))
            return;
        var numbers = Values.Select(v => v!.Value).ToArray();
        Mean = numbers.Average();
        // Sample standard deviation (n − 1): the seeds are a sample of the runs the method could have had.
        Std = numbers.Length < 2 ? 0 : Math.Sqrt(numbers.Sum(v => (v - Mean.Value) * (v - Mean.Value)) / (numbers.Length - 1));
    }

    /// <summary>Per-seed values, in seed order; null where the model could not score.</summary>
    public IReadOnlyList<double?> Values { get; }

    /// <summary>Mean over seeds; null when any seed has no value.</summary>
    public double? Mean { get; }

    /// <summary>Sample standard deviation over seeds (0 for one seed); null when <see cref="Mean"/> is.</summary>
    public double? Std { get; }

    /// <summary>"0.812 ± 0.004", or "n/a".</summary>
    public string Format(string format = "0.000") => Mean is double mean
        ? $"{mean.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ± {Std!.Value.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}"
        : "n/a";
}
