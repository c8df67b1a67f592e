namespace MLNet.TwoTower;

/// <summary>
/// Groups of the re-ranker's per-(user, candidate) features (<see cref="TwoStageTrainer.Options.FeatureGroups"/>), so
/// an ablation can switch each off. A switched-off group is written as zeros in the re-ranker's training rows: a
/// constant feature offers no split, so the trees never read it and serving may compute it without effect.
/// </summary>
[Flags]
public enum RerankFeatureGroups
{
    /// <summary>No features (not valid on its own).</summary>
    None = 0,

    /// <summary>The towers' ranking score (<c>Score</c>) and retrieval score (<c>RetrievalScore</c>).</summary>
    Scores = 1,

    /// <summary>The user's log(1 + training rows) and mean label.</summary>
    UserStatistics = 2,

    /// <summary>The item's log(1 + training rows), mean label and log(1 + positive rows) (popularity).</summary>
    ItemStatistics = 4,

    /// <summary>The elementwise product of the user and item embeddings.</summary>
    EmbeddingProduct = 8,

    /// <summary>Every group (the default).</summary>
    All = Scores | UserStatistics | ItemStatistics | EmbeddingProduct,
}
