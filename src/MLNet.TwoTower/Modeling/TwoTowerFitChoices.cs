namespace MLNet.TwoTower.Modeling;

/// <summary>
/// The values a Two-Tower <c>Fit</c> chose from the user's own data, on a validation slice held out of the training
/// data, and the scalar terms of the ranking head. Logged while training and saved with the model (the package's
/// <c>parameters.json</c>), so a served model says how it was chosen. The chosen values are also baked into the
/// towers' output vectors (<see cref="EmbeddingAugmentation"/>), which is what scoring reads.
/// </summary>
public sealed class TwoTowerFitChoices
{
    /// <summary>The epoch whose weights were kept (1-based).</summary>
    public required int Epoch { get; init; }

    /// <summary>
    /// Whether the ranking head (predicted rating <c>μ + b_user + b_item + w·⟨u, i⟩</c>) was trained and feeds
    /// <c>Score</c>. Off when the options turn it off or the labels cannot be regressed (see <see cref="RankingHeadNote"/>).
    /// </summary>
    public required bool RankingHead { get; init; }

    /// <summary>Why the ranking head is on or off, as the training log says it.</summary>
    public required string RankingHeadNote { get; init; }

    /// <summary>Whether the retrieval score carries the log-popularity prior <c>log(1 + training positives)</c>.</summary>
    public required bool PopularityPrior { get; init; }

    /// <summary>Why the popularity prior is on or off, as the training log says it.</summary>
    public string PopularityPriorNote { get; init; } = "";

    /// <summary>β: the retrieval score is <c>⟨u, i⟩ + β · log(1 + n_item)</c>; chosen by validation Recall@K.</summary>
    public required float PopularityPriorWeight { get; init; }

    /// <summary>λ: <c>Score</c> = predicted rating + λ · retrieval score; chosen by validation nDCG@K on held-out rated
    /// items. 0 without a ranking head (then <c>Score</c> is the retrieval score).</summary>
    public required float ScoreMix { get; init; }

    /// <summary>μ, the learned global rating (0 without a ranking head).</summary>
    public required float GlobalBias { get; init; }

    /// <summary>w, the learned factor on the cosine in the predicted rating (0 without a ranking head).</summary>
    public required float RatingScale { get; init; }

    /// <summary>The cut-off K of the validation metrics.</summary>
    public required int ValidationTopK { get; init; }

    /// <summary>Validation Recall@K of the retrieval score at the kept epoch; null without a validation slice.</summary>
    public float? ValidationRecall { get; init; }

    /// <summary>Validation nDCG@K of <c>Score</c> on held-out rated items at the kept epoch; null when not measured.</summary>
    public float? ValidationNdcg { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"epoch {Epoch}; ranking head {(RankingHead ? "on" : "off")} ({RankingHeadNote}); popularity prior " +
        $"{(PopularityPrior ? $"on, β = {PopularityPriorWeight:G3}" : $"off ({PopularityPriorNote})")}; score mix λ = {ScoreMix:G3}" +
        (ValidationRecall is { } r ? $"; validation Recall@{ValidationTopK} {r:F4}" : "") +
        (ValidationNdcg is { } n ? $", nDCG@{ValidationTopK} {n:F4}" : "");
}
