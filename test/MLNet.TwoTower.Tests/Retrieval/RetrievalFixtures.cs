using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Retrieval;

namespace MLNet.TwoTower.Tests.Retrieval;

/// <summary>
/// Catalogues and "encoders" for retrieval tests. Embeddings are made here directly; the encoder is a built-in
/// ML.NET transformer (L2 normalisation), standing in for the two-tower model, which retrieval only sees as an
/// ITransformer that outputs an embedding column.
/// </summary>
internal static class RetrievalFixtures
{
    public const int MaxKeys = 100_000;

    public sealed class ItemRow
    {
        public uint ItemId { get; set; }

        public float[] ItemFeatures { get; set; } = [];
    }

    public sealed class UserRow
    {
        public uint UserId { get; set; }

        public float[] UserFeatures { get; set; } = [];
    }

    /// <summary>A new user's features for the 2-d recommender fixtures; the encoder needs a known vector size.</summary>
    public sealed class NewUserRow
    {
        [VectorType(2)]
        public float[] UserFeatures { get; set; } = [];
    }

    public sealed class InteractionRow
    {
        public uint UserId { get; set; }

        public uint ItemId { get; set; }
    }

    /// <summary>Items keyed 1..n (key type count <paramref name="keyCount"/>, default n) with the given feature vectors.</summary>
    public static IDataView Items(MLContext ml, float[][] features, int? keyCount = null, int? width = null)
    {
        var schema = SchemaDefinition.Create(typeof(ItemRow));
        // LoadFromEnumerable stores a POCO key value v as key v + 1 (0 is reserved for missing), so row i holding
        // v = i gets key i + 1.
        schema[nameof(ItemRow.ItemId)].ColumnType = new KeyDataViewType(typeof(uint), keyCount ?? features.Length);
        schema[nameof(ItemRow.ItemFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width ?? features[0].Length);
        return ml.Data.LoadFromEnumerable(
            features.Select((f, i) => new ItemRow { ItemId = (uint)i, ItemFeatures = f }), schema);
    }

    public static IDataView Users(MLContext ml, float[][] features, int? keyCount = null)
    {
        var schema = SchemaDefinition.Create(typeof(UserRow));
        schema[nameof(UserRow.UserId)].ColumnType = new KeyDataViewType(typeof(uint), keyCount ?? features.Length);
        schema[nameof(UserRow.UserFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features[0].Length);
        return ml.Data.LoadFromEnumerable(
            features.Select((f, i) => new UserRow { UserId = (uint)i, UserFeatures = f }), schema);
    }

    /// <summary>Interactions given as ML.NET keys (1-based, as the index reports them).</summary>
    public static IDataView Interactions(MLContext ml, (uint User, uint Item)[] pairs, int userKeyCount, int itemKeyCount)
    {
        var schema = SchemaDefinition.Create(typeof(InteractionRow));
        schema[nameof(InteractionRow.UserId)].ColumnType = new KeyDataViewType(typeof(uint), userKeyCount);
        schema[nameof(InteractionRow.ItemId)].ColumnType = new KeyDataViewType(typeof(uint), itemKeyCount);
        return ml.Data.LoadFromEnumerable(pairs.Select(p => new InteractionRow { UserId = p.User - 1, ItemId = p.Item - 1 }), schema);
    }

    /// <summary>Item "tower": ItemFeatures → L2-normalised ItemEmbedding.</summary>
    /// <summary>A catalogue of <paramref name="items"/> and its item encoder, as the index tests build them.</summary>
    public static (IDataView Data, ITransformer Model) Catalogue(MLContext ml, float[][] items, int? keyCount = null)
    {
        var data = Items(ml, items, keyCount);
        return (data, ItemEncoder(ml, data));
    }

    public static ITransformer ItemEncoder(MLContext ml, IDataView items) =>
        ml.Transforms.NormalizeLpNorm("ItemEmbedding", "ItemFeatures").Fit(items);

    /// <summary>User "tower": UserFeatures → L2-normalised UserEmbedding.</summary>
    public static ITransformer UserEncoder(MLContext ml, IDataView users) =>
        ml.Transforms.NormalizeLpNorm("UserEmbedding", "UserFeatures").Fit(users);

    /// <summary>Unit vectors drawn uniformly (normalised Gaussians), reproducible from the seed.</summary>
    public static float[][] RandomUnitVectors(int count, int width, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Normalised(Enumerable.Range(0, width).Select(_ => Gaussian(random)).ToArray())).ToArray();
    }

    /// <summary>Unit vectors around <paramref name="clusters"/> random centres (cosine with the centre ≈ 0.7).</summary>
    public static float[][] ClusteredUnitVectors(int count, int width, int clusters, int seed)
    {
        var centres = RandomUnitVectors(clusters, width, seed);
        var random = new Random(seed + 1);
        float sigma = 0.25f;
        return Enumerable.Range(0, count).Select(i =>
        {
            var centre = centres[random.Next(clusters)];
            return Normalised(centre.Select(c => c + sigma * Gaussian(random)).ToArray());
        }).ToArray();
    }

    public static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    /// <summary>Reference top-k: score every item, sort by score (ties by key), take k.</summary>
    public static uint[] NaiveTopK(float[][] items, float[] query, int k, Func<uint, bool>? accept = null) =>
        items.Select((v, i) => (Key: (uint)i + 1, Score: Dot(v, query)))
            .Where(x => accept is null || accept(x.Key))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Key)
            .Take(k).Select(x => x.Key).ToArray();

    public static IItemIndex BuildIndex(MLContext ml, float[][] items, ItemIndexKind kind, int searchThreads = 0)
    {
        var data = Items(ml, items);
        return ml.Ranking.BuildItemIndex(ItemEncoder(ml, data), data, new ItemIndexOptions
        {
            Kind = kind,
            ItemEmbeddingColumnName = "ItemEmbedding",
            SearchThreads = searchThreads,
        });
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static float[] Normalised(float[] v)
    {
        float norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    /// <summary>Cuts <paramref name="dropBytes"/> (negative) off a saved index and checks loading it says "truncated" and names the file.</summary>
    public static void AssertTruncatedFileFailsToLoad(MLContext ml, string path, ITransformer model, DataViewSchema schema, int dropBytes)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length + dropBytes)]);

        var error = Assert.Throws<InvalidDataException>(() => ml.Ranking.LoadItemIndex(path, model, schema));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }
}
