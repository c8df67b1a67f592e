namespace MLNet.TwoTower.Serving.Package;

/// <summary>The names of the files inside one package version (see <see cref="RecommendationPackage"/>).</summary>
public static class PackageFiles
{
    /// <summary>The format version and the SHA-256 of every other file; written last.</summary>
    public const string Manifest = "manifest.json";

    /// <summary>Training metadata (<see cref="PackageMetadata"/>): seed, options, metrics, dates, featuriser, profile fields.</summary>
    public const string Metadata = "metadata.json";

    /// <summary>The Two-Tower model as an ML.NET zip (loads without libtorch).</summary>
    public const string Model = "model.zip";

    /// <summary>The model's weights, for exporting ONNX towers.</summary>
    public const string Parameters = "parameters.json";

    /// <summary>The fitted user feature pipeline (absent when users have no profile features).</summary>
    public const string UserFeaturizer = "user-featurizer.zip";

    /// <summary>User ids by key and item ids by package key (model items first, then items without interactions).</summary>
    public const string Ids = "ids.json";

    /// <summary>Every known user's embedding, by user key.</summary>
    public const string UserEmbeddings = "user-embeddings.bin";

    /// <summary>Every catalogue item's embedding, by package item key.</summary>
    public const string ItemEmbeddings = "item-embeddings.bin";

    /// <summary>The item index (exact or HNSW) over <see cref="ItemEmbeddings"/>.</summary>
    public const string ItemIndex = "items.index";

    /// <summary>The items each known user has interacted with (never recommended to them again).</summary>
    public const string SeenItems = "seen-items.bin";

    /// <summary>In the package folder: the name of the version folder that is current. Replaced atomically.</summary>
    public const string CurrentPointer = "current";
}
