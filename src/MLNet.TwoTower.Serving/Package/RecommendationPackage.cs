using System.Text.Json;
using Microsoft.ML;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Retrieval;

namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// Everything serving needs, in one folder replaced as a unit: the model, the user feature pipeline, the id maps,
/// the whole item catalogue (items without interactions included) with its embeddings and index, every known user's
/// embedding, who has seen what, and the training metadata, all checked against a manifest of SHA-256 hashes when
/// opened. <see cref="Save"/> writes it (see <see cref="PackageStore"/> for the atomic switch); <see cref="Open"/>
/// loads it once; the query methods are safe for concurrent use and need neither the data nor libtorch.
/// </summary>
public sealed class RecommendationPackage : IDisposable
{
    private readonly IItemIndex _index;
    private readonly float[] _userEmbeddings;
    private readonly float[] _itemEmbeddings;
    private readonly HashSet<uint>[] _seen;
    private readonly Dictionary<string, uint> _userKeys;
    private readonly Dictionary<string, uint> _itemKeys;
    private readonly string[] _itemIds;
    private readonly NewUserEmbedder? _newUsers;

    private RecommendationPackage(string folder, PackageManifest manifest, PackageMetadata metadata, PackageIds ids,
        float[] userEmbeddings, float[] itemEmbeddings, int dimension, HashSet<uint>[] seen, IItemIndex index, NewUserEmbedder? newUsers)
    {
        Folder = folder;
        Manifest = manifest;
        Metadata = metadata;
        UserIds = ids.Users;
        _itemIds = ids.Items;
        _userEmbeddings = userEmbeddings;
        _itemEmbeddings = itemEmbeddings;
        Dimension = dimension;
        _seen = seen;
        _index = index;
        _newUsers = newUsers;
        _userKeys = Keys(ids.Users);
        _itemKeys = Keys(ids.Items);
    }

    /// <summary>The version folder this package was read from.</summary>
    public string Folder { get; }

    /// <summary>The version folder's name (<c>v-&lt;time&gt;-&lt;hash&gt;</c>).</summary>
    public string Version => Path.GetFileName(Folder);

    /// <summary>The verified manifest.</summary>
    public PackageManifest Manifest { get; }

    /// <summary>How the model was trained and what a new user may send.</summary>
    public PackageMetadata Metadata { get; }

    /// <summary>Every known user's id, by key − 1: enumerate them to compute everyone's recommendations.</summary>
    public IReadOnlyList<string> UserIds { get; }

    /// <summary>Every catalogue item's id (items without interactions last).</summary>
    public IReadOnlyList<string> ItemIds => _itemIds;

    /// <summary>Embedding width.</summary>
    public int Dimension { get; }

    /// <summary>The index kind in use.</summary>
    public ItemIndexKind IndexKind => _index.Kind;

    /// <summary>The HNSW efSearch every search uses (saved with the index or given to <see cref="Open"/>); null for exact search.</summary>
    public int? ExpansionSearch => _index switch
    {
        HnswItemIndex graph => graph.ExpansionSearch,
        SegmentedItemIndex segmented => segmented.ExpansionSearch,
        _ => null,
    };

    /// <summary>Whether new users can be described by profile fields.</summary>
    public bool AcceptsNewUsers => _newUsers is not null;

    /// <summary>Whether <paramref name="userId"/> is a known user.</summary>
    public bool ContainsUser(string userId) => _userKeys.ContainsKey(userId);

    /// <summary>Whether <paramref name="itemId"/> is in the catalogue.</summary>
    public bool ContainsItem(string itemId) => _itemKeys.ContainsKey(itemId);

    /// <summary>The <paramref name="k"/> best items for a known user, items they interacted with excluded.</summary>
    /// <exception cref="KeyNotFoundException">The user is not in the package.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public IReadOnlyList<Recommendation> RecommendForUser(string userId, int k)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (!_userKeys.TryGetValue(userId, out var key))
            throw new KeyNotFoundException(
                $"User '{userId}' is not among the {UserIds.Count} users of this package; describe a new user by profile fields instead.");
        var seen = _seen[key - 1];
        return Named(_index.Search(UserEmbedding(key), k, seen.Count == 0 ? null : item => !seen.Contains(item)));
    }

    /// <summary>
    /// The <paramref name="k"/> best items for a user the model has never seen, from profile fields named as in
    /// <c>users.csv</c> (numbers as invariant text; a field left out or null counts as missing).
    /// </summary>
    /// <exception cref="ArgumentException">A field is unknown, a number does not parse, is not finite or is outside the accepted range.</exception>
    /// <exception cref="InvalidOperationException">The package's users have no profile features.</exception>
    public IReadOnlyList<Recommendation> RecommendForNewUser(IReadOnlyDictionary<string, string?> profile, int k)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var embedder = _newUsers ?? throw new InvalidOperationException(
            "This package's users have no profile features, so a new user cannot be described; ask for a known user.");
        return Named(_index.Search(embedder.Embed(profile), k));
    }

    /// <summary>The <paramref name="k"/> items most similar to <paramref name="itemId"/> (by embedding dot product), itself excluded.</summary>
    /// <exception cref="KeyNotFoundException">The item is not in the catalogue.</exception>
    public IReadOnlyList<Recommendation> SimilarItems(string itemId, int k)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (!_itemKeys.TryGetValue(itemId, out var key))
            throw new KeyNotFoundException($"Item '{itemId}' is not among the {_itemIds.Length} items of this package.");
        return Named(_index.Search(_itemEmbeddings.AsSpan((int)(key - 1) * Dimension, Dimension), k, item => item != key));
    }

    /// <summary>
    /// Every known user's top <paramref name="k"/> (seen items excluded), in key order, computed
    /// <paramref name="batchSize"/> users at a time in parallel: for bulk export (e.g. to a database).
    /// </summary>
    public IEnumerable<(string UserId, IReadOnlyList<Recommendation> Items)> RecommendForAllUsers(int k, int batchSize = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        for (int start = 0; start < UserIds.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, UserIds.Count - start);
            var queries = new float[count][];
            for (int i = 0; i < count; i++)
                queries[i] = UserEmbedding((uint)(start + i + 1)).ToArray();
            int first = start;
            var results = _index.Search(queries, k, (q, item) => !_seen[first + q].Contains(item));
            for (int i = 0; i < count; i++)
                yield return (UserIds[start + i], Named(results[i]));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _index.Dispose();
        _newUsers?.Dispose();
    }

    private ReadOnlySpan<float> UserEmbedding(uint key) => _userEmbeddings.AsSpan((int)(key - 1) * Dimension, Dimension);

    private Recommendation[] Named(ScoredItem[] items) => Array.ConvertAll(items, i => new Recommendation(_itemIds[i.ItemKey - 1], i.Score));

    private static Dictionary<string, uint> Keys(IReadOnlyList<string> ids)
    {
        var keys = new Dictionary<string, uint>(ids.Count, StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
            keys[ids[i]] = (uint)(i + 1);
        return keys;
    }

    /// <summary>
    /// Writes <paramref name="content"/> as a new version of the package in <paramref name="directory"/>: embeddings
    /// and index are computed first, the files are written to a temporary sibling and flushed, and the package's
    /// <c>current</c> pointer is switched atomically. A failure at any point leaves the previous version current and
    /// no temporary files behind (a killed write leaves them until the next write removes them).
    /// </summary>
    /// <returns>The new version folder.</returns>
    public static string Save(string directory, MLContext ml, RecommendationPackageContent content) => SaveWithHook(directory, ml, content, stepHook: null);

    internal static string SaveWithHook(string directory, MLContext ml, RecommendationPackageContent content, Action<string>? stepHook)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(content);
        using var built = PackageBuilder.Build(ml, content);
        return PackageStore.Write(directory, (folder, step) => built.WriteTo(ml, folder, step), stepHook);
    }

    /// <summary>
    /// Publishes the current version of <paramref name="sourceDirectory"/> (verified first) as a new version of the
    /// package in <paramref name="targetDirectory"/>, with the same atomic switch as <see cref="Save"/>: how a package
    /// trained elsewhere is deployed into the folder a running service watches.
    /// </summary>
    /// <returns>The new version folder.</returns>
    /// <exception cref="PackageFormatException">The source package is damaged; the message names the file.</exception>
    public static string Publish(string sourceDirectory, string targetDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetDirectory);
        var source = PackageStore.Resolve(sourceDirectory);
        var manifest = PackageManifest.ReadAndVerify(source);
        return PackageStore.Write(targetDirectory, (folder, step) =>
        {
            foreach (var file in manifest.Files)
            {
                step(file.Name);
                var target = Path.Combine(folder, file.Name);
                File.Copy(Path.Combine(source, file.Name), target);
                PackageStore.FlushFile(target);
            }
        });
    }

    /// <summary>
    /// Opens the current version of the package in <paramref name="directory"/> (or a version folder given directly),
    /// after checking every file against the manifest's SHA-256.
    /// </summary>
    /// <exception cref="PackageFormatException">A file is missing, corrupted, foreign or unreadable; the message names it.</exception>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <param name="directory">The package folder, or one version folder.</param>
    /// <param name="ml">The context models are loaded into.</param>
    /// <param name="expansionSearch">
    /// HNSW efSearch to search with instead of the one the index was saved with (the latency/recall knob of a served
    /// HNSW index; ignored by an exact index); null keeps the saved one.
    /// </param>
    public static RecommendationPackage Open(string directory, MLContext? ml = null, int? expansionSearch = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (expansionSearch is < 1)
            throw new ArgumentOutOfRangeException(nameof(expansionSearch), expansionSearch, "efSearch must be at least 1.");
        ml ??= new MLContext(seed: 0);
        var folder = PackageStore.Resolve(directory);
        var manifest = PackageManifest.ReadAndVerify(folder);
        string File(string name) => Path.Combine(folder, name);

        var metadata = ReadJson<PackageMetadata>(File(PackageFiles.Metadata));
        var ids = ReadJson<PackageIds>(File(PackageFiles.Ids));
        ids.Check(File(PackageFiles.Ids));
        TwoTowerModelParameters parameters;
        try
        {
            parameters = TwoTowerParametersFile.Load(File(PackageFiles.Parameters));
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or JsonException)
        {
            throw new PackageFormatException(File(PackageFiles.Parameters), $"Package file '{File(PackageFiles.Parameters)}' cannot be read: {e.Message}", e);
        }
        if (parameters.UserKeyCount != ids.Users.Length || parameters.ItemKeyCount > ids.Items.Length)
            throw new PackageFormatException(File(PackageFiles.Ids),
                $"Package file '{File(PackageFiles.Ids)}' lists {ids.Users.Length} users and {ids.Items.Length} items, but the model has " +
                $"{parameters.UserKeyCount} user and {parameters.ItemKeyCount} item keys: the files are from different models.");

        var (users, userRows, dimension) = EmbeddingMatrixFile.Read(File(PackageFiles.UserEmbeddings));
        var (items, itemRows, itemDimension) = EmbeddingMatrixFile.Read(File(PackageFiles.ItemEmbeddings));
        if (userRows != ids.Users.Length || itemRows != ids.Items.Length || itemDimension != dimension)
            throw new PackageFormatException(File(PackageFiles.ItemEmbeddings),
                $"The embedding files hold {userRows} users and {itemRows} items of widths {dimension} and {itemDimension}; " +
                $"the package lists {ids.Users.Length} users and {ids.Items.Length} items. The files are from different packages.");
        var seen = SeenItemsFile.Read(File(PackageFiles.SeenItems), ids.Users.Length, ids.Items.Length);

        ITransformer model;
        try
        {
            model = TwoTowerModel.Load(ml, File(PackageFiles.Model), out _);
        }
        catch (ArgumentException e)
        {
            throw new PackageFormatException(File(PackageFiles.Model), e.Message, e);
        }
        NewUserEmbedder? newUsers = null;
        if (System.IO.File.Exists(File(PackageFiles.UserFeaturizer)))
        {
            ITransformer featurizer;
            DataViewSchema featurizerInput;
            try
            {
                featurizer = TwoTowerModel.Load(ml, File(PackageFiles.UserFeaturizer), out featurizerInput);
            }
            catch (ArgumentException e)
            {
                throw new PackageFormatException(File(PackageFiles.UserFeaturizer), e.Message, e);
            }
            newUsers = new NewUserEmbedder(ml, model, parameters, featurizer, featurizerInput, metadata.ProfileFields);
        }
        else
        {
            (model as IDisposable)?.Dispose(); // only the new-user path runs the model
        }

        var indexPath = File(PackageFiles.ItemIndex);
        IItemIndex index;
        try
        {
            var header = ItemIndexFile.ReadHeader(indexPath);
            if (header.Catalog.Count != ids.Items.Length || header.Dimension != dimension)
                throw new PackageFormatException(indexPath,
                    $"Package file '{indexPath}' indexes {header.Catalog.Count} items of width {header.Dimension}; the package has {ids.Items.Length} of width {dimension}.");
            var indexOptions = expansionSearch is int ef ? new ItemIndexOptions { ExpansionSearch = ef } : new ItemIndexOptions();
            index = ItemIndexFile.Open(indexPath, header, memoryMap: true, indexOptions, overrideExpansionSearch: expansionSearch is not null, prefault: true);
        }
        catch (InvalidDataException e)
        {
            throw new PackageFormatException(indexPath, e.Message, e);
        }
        return new RecommendationPackage(folder, manifest, metadata, ids, users, items, dimension, seen, index, newUsers);
    }

    /// <summary>
    /// The model weights of the current version in <paramref name="directory"/> (every file verified against the
    /// manifest first), e.g. to export the towers as ONNX.
    /// </summary>
    /// <exception cref="PackageFormatException">A file is missing, corrupted, foreign or unreadable; the message names it.</exception>
    public static TwoTowerModelParameters ReadParameters(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var folder = PackageStore.Resolve(directory);
        PackageManifest.ReadAndVerify(folder);
        var path = Path.Combine(folder, PackageFiles.Parameters);
        try
        {
            return TwoTowerParametersFile.Load(path);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or JsonException)
        {
            throw new PackageFormatException(path, $"Package file '{path}' cannot be read: {e.Message}", e);
        }
    }

    internal static T ReadJson<T>(string path) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(System.IO.File.ReadAllBytes(path), PackageManifest.Json)
                ?? throw new PackageFormatException(path, $"Package file '{path}' is empty (null). Write the package again.");
        }
        catch (JsonException e)
        {
            throw new PackageFormatException(path, $"Package file '{path}' is not valid: {e.Message} Write the package again.", e);
        }
    }
}
