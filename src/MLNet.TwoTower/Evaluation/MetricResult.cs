namespace MLNet.TwoTower.Evaluation;

/// <summary>A metric's value per evaluated user and its mean (LightFM style).</summary>
public sealed class MetricResult
{
    internal MetricResult(string name, int k, IReadOnlyList<int> users, double[] perUser)
    {
        Name = name;
        K = k;
        Users = users;
        PerUser = perUser;
        Mean = perUser.Length == 0 ? double.NaN : perUser.Average();
    }

    /// <summary>Metric name, e.g. "Recall@10".</summary>
    public string Name { get; }

    /// <summary>The cut-off.</summary>
    public int K { get; }

    /// <summary>User indices, aligned with <see cref="PerUser"/>.</summary>
    public IReadOnlyList<int> Users { get; }

    /// <summary>The metric for each user.</summary>
    public IReadOnlyList<double> PerUser { get; }

    /// <summary>Mean over users (NaN when there are none).</summary>
    public double Mean { get; }
}
