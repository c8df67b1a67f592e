using MLNet.TwoTower.Evaluation;

namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>A metric of one protocol of <see cref="ExperimentResult.Summary"/>, with the label tables show.</summary>
/// <param name="Protocol">The protocol (docs/protocols.md).</param>
/// <param name="Metric">Metric name within the protocol (<c>nDCG@10</c>, <c>Recall@10</c>, …).</param>
public sealed record AblationMetric(Protocol Protocol, string Metric)
{
    /// <summary>The columns of the ablation tables: one or two headline numbers per protocol of docs/protocols.md.</summary>
    public static IReadOnlyList<AblationMetric> Headline { get; } =
    [
        new(Protocol.Warm, "nDCG@10"),
        new(Protocol.ColdUsers, "nDCG@10"),
        new(Protocol.FullCatalog, "Recall@10"),
        new(Protocol.FullCatalog, "Recall@50"),
        new(Protocol.FullCatalog, "nDCG@10"),
        new(Protocol.ColdItems, "Recall@10"),
    ];

    /// <summary>
    /// The columns of an implicit-feedback ablation (<see cref="AblationStudyOptions.Implicit"/>): the four metrics of
    /// the implicit protocol, then nDCG@10 and Recall@10 of its cold-user and cold-item protocols.
    /// </summary>
    public static IReadOnlyList<AblationMetric> ImplicitHeadline { get; } =
    [
        new(Protocol.Implicit, "nDCG@10"),
        new(Protocol.Implicit, "Precision@10"),
        new(Protocol.Implicit, "Recall@10"),
        new(Protocol.Implicit, "MAP@10"),
        new(Protocol.ImplicitColdUsers, "nDCG@10"),
        new(Protocol.ImplicitColdItems, "Recall@10"),
    ];

    /// <summary>Column label: the protocol's label and the metric, e.g. "cold-user nDCG@10".</summary>
    public string Label => $"{Protocol.Label} {Metric}";
}
