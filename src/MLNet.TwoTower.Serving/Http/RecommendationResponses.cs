namespace MLNet.TwoTower.Serving.Http;

/// <summary>One recommended item in a response.</summary>
/// <param name="ItemId">The item id.</param>
/// <param name="Score">Its score.</param>
public sealed record RecommendedItem(string ItemId, float Score);

/// <summary>The answer of the recommendation endpoints.</summary>
/// <param name="Version">The package version that answered.</param>
/// <param name="UserId">The known user asked about (null for a new user or similar items).</param>
/// <param name="ItemId">The item asked about (similar items only).</param>
/// <param name="Items">The items, best first.</param>
public sealed record RecommendationResponse(string Version, string? UserId, string? ItemId, IReadOnlyList<RecommendedItem> Items);

/// <summary>The answer of <c>GET /healthz</c>.</summary>
/// <param name="Status">Always <c>ok</c> when the service answers.</param>
/// <param name="Version">The package version being served.</param>
/// <param name="Reloads">How many new versions were swapped in since start.</param>
/// <param name="LastReloadError">Why the latest new version could not be loaded, if it could not.</param>
public sealed record HealthResponse(string Status, string Version, int Reloads, string? LastReloadError);

/// <summary>The answer of <c>GET /model</c>.</summary>
/// <param name="Version">The package version.</param>
/// <param name="CreatedUtc">When the package was written.</param>
/// <param name="Metadata">Training metadata: seed, options, metrics, dates, featuriser, profile fields.</param>
/// <param name="Files">The package's files with their sizes and SHA-256.</param>
/// <param name="Index">The item index kind searched: <c>Exact</c> or <c>Hnsw</c>.</param>
/// <param name="ExpansionSearch">The HNSW efSearch in use (the saved one or <c>serve --ef-search</c>); null for exact search.</param>
public sealed record ModelResponse(string Version, DateTimeOffset CreatedUtc, Package.PackageMetadata Metadata,
    IReadOnlyList<Package.PackageFileEntry> Files, string Index, int? ExpansionSearch);
