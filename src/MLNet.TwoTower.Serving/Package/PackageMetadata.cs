namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// <c>metadata.json</c>: how the packaged model was made (seed, trainer options, metrics, dates, featuriser settings)
/// and what a request may send (profile fields). Written at training time, served by <c>GET /model</c>.
/// </summary>
public sealed class PackageMetadata
{
    /// <summary>The dataset the model was trained on (a name or folder).</summary>
    public string? Dataset { get; init; }

    /// <summary>Seed of the trainer and the featurisers.</summary>
    public int Seed { get; init; }

    /// <summary>When training started (UTC).</summary>
    public DateTimeOffset TrainingStartedUtc { get; init; }

    /// <summary>When training finished (UTC).</summary>
    public DateTimeOffset TrainingFinishedUtc { get; init; }

    /// <summary>Text featuriser of the user and item pipelines (e.g. <c>NGrams</c>, <c>SentenceEmbedding</c>); the saved pipelines apply it.</summary>
    public string? TextFeaturizer { get; init; }

    /// <summary>Trainer and featuriser settings, by name, as text.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>Metrics measured at training time (final loss, validation recall, …), by name.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>The profile fields a new user may give; empty when users have no features.</summary>
    public IReadOnlyList<ProfileField> ProfileFields { get; init; } = [];

    /// <summary>Known users (user keys 1..UserCount).</summary>
    public int UserCount { get; init; }

    /// <summary>Catalogue items, including those without interactions.</summary>
    public int ItemCount { get; init; }

    /// <summary>Catalogue items that had no interactions (embedded from their content only).</summary>
    public int ItemsWithoutInteractions { get; init; }

    /// <summary>Embedding width.</summary>
    public int EmbeddingDimension { get; init; }

    /// <summary>The index kind (<c>Exact</c> or <c>Hnsw</c>).</summary>
    public string? IndexKind { get; init; }

    /// <summary>The MLNet.TwoTower version that wrote the package.</summary>
    public string? LibraryVersion { get; init; }
}
