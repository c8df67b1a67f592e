using Microsoft.ML;
using MLNet.TwoTower.Retrieval;

namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// What <see cref="RecommendationPackage.Save"/> packs: a trained model, its users and catalogue as ids and feature
/// vectors, who has seen what, the user feature pipeline for new users, and the metadata. The package computes and
/// stores every embedding and the item index, so serving needs neither the data nor libtorch.
/// </summary>
public sealed record RecommendationPackageContent
{
    /// <summary>The trained model.</summary>
    public required TwoTowerTransformer Model { get; init; }

    /// <summary>User ids in key order (element k − 1 has key k), as the model was trained.</summary>
    public required IReadOnlyList<string> UserIds { get; init; }

    /// <summary>Each user's feature vector, by key − 1; null when the model reads no user features.</summary>
    public IReadOnlyList<float[]>? UserFeatures { get; init; }

    /// <summary>Item ids in key order (element k − 1 has key k), as the model was trained.</summary>
    public required IReadOnlyList<string> ItemIds { get; init; }

    /// <summary>Each item's feature vector, by key − 1; null when the model reads no item features.</summary>
    public IReadOnlyList<float[]>? ItemFeatures { get; init; }

    /// <summary>
    /// Catalogue items the model has no key for (no interactions), with their features: embedded through the item
    /// tower's unseen-item path and served like the others. Ignored when the model reads no item features.
    /// </summary>
    public IReadOnlyList<(string Id, float[] Features)> ItemsWithoutInteractions { get; init; } = [];

    /// <summary>Item keys each user has interacted with, by user key − 1; never recommended to that user again.</summary>
    public required IReadOnlyList<uint[]> SeenItems { get; init; }

    /// <summary>The fitted user feature pipeline (profile fields → feature vector); null when users have no features.</summary>
    public ITransformer? UserFeaturizer { get; init; }

    /// <summary>The input schema of <see cref="UserFeaturizer"/>.</summary>
    public DataViewSchema? UserFeaturizerInputSchema { get; init; }

    /// <summary>Training metadata; counts, width and index kind are filled in by the package.</summary>
    public required PackageMetadata Metadata { get; init; }

    /// <summary>The item index to build (kind, HNSW parameters); null for the defaults (exact up to 100k items).</summary>
    public ItemIndexOptions? IndexOptions { get; init; }
}
