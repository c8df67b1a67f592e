using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Retrieval;

namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// Computes what a package stores (every user's and item's embedding, the item index) before anything is written,
/// then writes the files into a version folder, each flushed to disk.
/// </summary>
internal sealed class PackageBuilder : IDisposable
{
    private readonly RecommendationPackageContent _content;
    private readonly PackageIds _ids;
    private readonly float[] _users;
    private readonly float[] _items;
    private readonly int _dimension;
    private readonly IItemIndex _index;
    private readonly PackageMetadata _metadata;

    private PackageBuilder(RecommendationPackageContent content, PackageIds ids, float[] users, float[] items, int dimension, IItemIndex index)
    {
        _content = content;
        _ids = ids;
        _users = users;
        _items = items;
        _dimension = dimension;
        _index = index;
        var given = content.Metadata;
        _metadata = new PackageMetadata
        {
            Dataset = given.Dataset,
            Seed = given.Seed,
            TrainingStartedUtc = given.TrainingStartedUtc,
            TrainingFinishedUtc = given.TrainingFinishedUtc,
            TextFeaturizer = given.TextFeaturizer,
            Options = given.Options,
            Metrics = given.Metrics,
            ProfileFields = content.UserFeaturizer is null ? [] : given.ProfileFields,
            UserCount = ids.Users.Length,
            ItemCount = ids.Items.Length,
            ItemsWithoutInteractions = ids.Items.Length - ids.ModelItemCount,
            EmbeddingDimension = dimension,
            IndexKind = index.Kind.ToString(),
            LibraryVersion = typeof(TwoTowerTransformer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
        };
    }

    public static PackageBuilder Build(MLContext ml, RecommendationPackageContent content)
    {
        var parameters = content.Model.Parameters;
        Check(content.UserIds.Count == parameters.UserKeyCount, $"{nameof(content.UserIds)} has {content.UserIds.Count} ids; the model has {parameters.UserKeyCount} user keys.");
        Check(content.ItemIds.Count == parameters.ItemKeyCount, $"{nameof(content.ItemIds)} has {content.ItemIds.Count} ids; the model has {parameters.ItemKeyCount} item keys.");
        Check(content.SeenItems.Count == content.UserIds.Count, $"{nameof(content.SeenItems)} has {content.SeenItems.Count} users; expected {content.UserIds.Count}.");
        Check((content.UserFeatures is null) == (parameters.UserFeaturesColumnName is null),
            $"{nameof(content.UserFeatures)} must be given exactly when the model reads user features.");
        Check((content.ItemFeatures is null) == (parameters.ItemFeaturesColumnName is null),
            $"{nameof(content.ItemFeatures)} must be given exactly when the model reads item features.");
        Check(content.UserFeatures is null || content.UserFeatures.Count == content.UserIds.Count, $"{nameof(content.UserFeatures)} must have one vector per user.");
        Check(content.ItemFeatures is null || content.ItemFeatures.Count == content.ItemIds.Count, $"{nameof(content.ItemFeatures)} must have one vector per item.");
        Check((content.UserFeaturizer is null) == (content.UserFeaturizerInputSchema is null),
            $"{nameof(content.UserFeaturizer)} and {nameof(content.UserFeaturizerInputSchema)} go together.");
        foreach (var seen in content.SeenItems)
            foreach (var key in seen)
                Check(key >= 1 && key <= content.ItemIds.Count, $"{nameof(content.SeenItems)} holds item key {key}, outside 1..{content.ItemIds.Count}.");

        var newItems = parameters.ItemFeaturesColumnName is null ? [] : content.ItemsWithoutInteractions;
        var ids = new PackageIds([.. content.UserIds], [.. content.ItemIds, .. newItems.Select(i => i.Id)], content.ItemIds.Count);
        ids.Check(nameof(content));

        var userRows = TowerRows.UserSide(ml, parameters);
        var users = userRows.Embed(content.Model.UserTower,
            Enumerable.Range(0, content.UserIds.Count).Select(u => ((uint)u, content.UserFeatures?[u])));
        var itemRows = TowerRows.ItemSide(ml, parameters);
        var items = itemRows.Embed(content.Model.ItemTower,
            Enumerable.Range(0, content.ItemIds.Count).Select(i => ((uint)i, content.ItemFeatures?[i]))
                .Concat(newItems.Select(i => (TowerRows.Missing, (float[]?)i.Features))));
        int dimension = parameters.UserTower.OutputSize;
        var itemVectors = Flatten(items, dimension);

        var options = content.IndexOptions ?? new ItemIndexOptions();
        options.Validate();
        var catalog = new ItemCatalog([.. Enumerable.Range(1, ids.Items.Length).Select(k => (uint)k)], ids.Items, Fingerprint(ids.Items), dimension);
        // Items without interactions come last and carry no popularity prior: the index searches them apart from the
        // trained items when that splits the catalogue (ItemSegmentation).
        IItemIndex index = ItemIndexFactory.Build(catalog, itemVectors, options);
        return new PackageBuilder(content, ids, Flatten(users, dimension), itemVectors, dimension, index);
    }

    /// <summary>Writes every file of the package into <paramref name="folder"/>, calling <paramref name="step"/> before each.</summary>
    public void WriteTo(MLContext ml, string folder, Action<string> step)
    {
        string File(string name)
        {
            step(name);
            return Path.Combine(folder, name);
        }

        var modelPath = File(PackageFiles.Model);
        PackageStore.WriteDurably(modelPath, stream => ml.Model.Save(_content.Model, ModelInputSchema(_content.Model), stream));
        TwoTowerParametersFile.Save(_content.Model.Parameters, File(PackageFiles.Parameters));
        if (_content.UserFeaturizer is { } featurizer)
            PackageStore.WriteDurably(File(PackageFiles.UserFeaturizer), stream => ml.Model.Save(featurizer, _content.UserFeaturizerInputSchema!, stream));
        PackageStore.WriteDurably(File(PackageFiles.Ids), JsonSerializer.SerializeToUtf8Bytes(_ids, PackageManifest.Json));
        EmbeddingMatrixFile.Write(File(PackageFiles.UserEmbeddings), _users, _ids.Users.Length, _dimension);
        EmbeddingMatrixFile.Write(File(PackageFiles.ItemEmbeddings), _items, _ids.Items.Length, _dimension);
        _index.Save(File(PackageFiles.ItemIndex));
        SeenItemsFile.Write(File(PackageFiles.SeenItems), _content.SeenItems);
        PackageStore.WriteDurably(File(PackageFiles.Metadata), JsonSerializer.SerializeToUtf8Bytes(_metadata, PackageManifest.Json));
    }

    public void Dispose() => _index.Dispose();

    /// <summary>The columns the model reads, as it was fitted on them.</summary>
    private static DataViewSchema ModelInputSchema(TwoTowerTransformer model)
    {
        var p = model.Parameters;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(p.UserIdColumnName, new KeyDataViewType(typeof(uint), p.UserKeyCount));
        if (p.UserFeaturesColumnName is { } userFeatures)
            builder.AddColumn(userFeatures, new VectorDataViewType(NumberDataViewType.Single, p.UserTower.FeatureSize));
        builder.AddColumn(p.ItemIdColumnName, new KeyDataViewType(typeof(uint), p.ItemKeyCount));
        if (p.ItemFeaturesColumnName is { } itemFeatures)
            builder.AddColumn(itemFeatures, new VectorDataViewType(NumberDataViewType.Single, p.ItemTower.FeatureSize));
        return builder.ToSchema();
    }

    private static float[] Flatten(List<float[]> rows, int dimension)
    {
        var flat = new float[(long)rows.Count * dimension];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != dimension)
                throw new InvalidOperationException($"Embedding {i} has width {rows[i].Length}; the model's is {dimension}.");
            rows[i].CopyTo(flat, (long)i * dimension);
        }
        return flat;
    }

    /// <summary>64-bit FNV-1a of the item ids, so the index file names the catalogue it was built over.</summary>
    private static ulong Fingerprint(string[] ids)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var id in ids)
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(id + "\n"))
                hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
            throw new ArgumentException(message, "content");
    }
}
