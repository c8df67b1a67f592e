namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>A metric of one protocol of <see cref="ExperimentResult.Summary"/>, with the label tables show.</summary>
/// <param name="Protocol">Protocol key (<c>warm</c>, <c>coldUsers</c>, <c>fullCatalog</c>, <c>coldItems</c>).</param>
/// <param name="Metric">Metric name within the protocol (<c>nDCG@10</c>, <c>Recall@10</c>, …).</param>
/// <param name="Label">Column label.</param>
public sealed record AblationMetric(string Protocol, string Metric, string Label)
{
    /// <summary>The columns of the ablation tables: one or two headline numbers per protocol of DESIGN §4.</summary>
    public static IReadOnlyList<AblationMetric> Headline { get; } =
    [
        new("warm", "nDCG@10", "warm nDCG@10"),
        new("coldUsers", "nDCG@10", "cold-user nDCG@10"),
        new("fullCatalog", "Recall@10", "catalog Recall@10"),
        new("fullCatalog", "Recall@50", "catalog Recall@50"),
        new("fullCatalog", "nDCG@10", "catalog nDCG@10"),
        new("coldItems", "Recall@10", "cold-item Recall@10"),
    ];
}
