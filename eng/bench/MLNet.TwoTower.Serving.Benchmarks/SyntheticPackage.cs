using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Serving.Package;

namespace MLNet.TwoTower.Serving.Benchmarks;

/// <summary>
/// A package of a given shape with random weights (serving cost depends on the shape, not on the weights): users with
/// a learned id table and two numeric profile fields (<c>age</c> 18–80, <c>activity</c> 0–100, min–max normalised by a
/// saved user feature pipeline, so the package takes new users), items with 16 content features, 64-wide embeddings,
/// 20 seen items per user; the index kind follows the library's default (exact up to 100k items, HNSW above).
/// </summary>
internal static class SyntheticPackage
{
    private const int Dimension = 64;
    private const int ItemFeatureWidth = 16;
    private const int UserIdWidth = 32;
    private const int ProfileWidth = 2;

    /// <summary>The column a user feature pipeline must produce (the library's EntityFeaturizerDefaults, internal).</summary>
    private const string FeaturesColumn = "Features";

    public static string Write(string folder, int users, int items, int seed, ItemVectorPrecision precision)
    {
        var random = new Random(seed);
        float[] Random(int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * 0.3f).ToArray();
        var ml = new MLContext(seed);
        var profiles = ml.Data.LoadFromEnumerable(Enumerable.Range(0, users)
            .Select(_ => new Profile { age = 18 + random.Next(63), activity = random.Next(101) }).ToArray());
        var featurizer = ml.Transforms.Concatenate(FeaturesColumn, nameof(Profile.age), nameof(Profile.activity))
            .Append(ml.Transforms.NormalizeMinMax(FeaturesColumn))
            .Fit(profiles);
        var userFeatures = featurizer.Transform(profiles).GetColumn<float[]>(FeaturesColumn).ToArray();
        var parameters = new TwoTowerModelParameters
        {
            UserTower = new TowerWeights
            {
                FeatureSize = ProfileWidth,
                IdEmbedding = new IdEmbeddingWeights { Rows = users + 1, Dimension = UserIdWidth, Table = Random((users + 1) * UserIdWidth) },
                Layers = [new DenseLayerWeights { InputSize = ProfileWidth + UserIdWidth, OutputSize = Dimension, Weight = Random((ProfileWidth + UserIdWidth) * Dimension), Bias = Random(Dimension) }],
            },
            ItemTower = new TowerWeights
            {
                FeatureSize = ItemFeatureWidth,
                Layers = [new DenseLayerWeights { InputSize = ItemFeatureWidth, OutputSize = Dimension, Weight = Random(ItemFeatureWidth * Dimension), Bias = Random(Dimension) }],
            },
            Temperature = 0.05f,
            UserIdColumnName = DefaultColumnNames.UserId,
            ItemIdColumnName = DefaultColumnNames.ItemId,
            UserFeaturesColumnName = DefaultColumnNames.UserFeatures,
            ItemFeaturesColumnName = DefaultColumnNames.ItemFeatures,
            UserKeyCount = users,
            ItemKeyCount = items,
        };
        var model = TwoTowerParametersFile.ToTransformer(ml, parameters);
        var content = new RecommendationPackageContent
        {
            IndexOptions = new ItemIndexOptions { VectorPrecision = precision },
            Model = model,
            UserIds = Enumerable.Range(1, users).Select(u => $"u{u}").ToArray(),
            UserFeatures = userFeatures,
            UserFeaturizer = featurizer,
            UserFeaturizerInputSchema = profiles.Schema,
            ItemIds = Enumerable.Range(1, items).Select(i => $"i{i}").ToArray(),
            ItemFeatures = Enumerable.Range(0, items).Select(_ => Random(ItemFeatureWidth)).ToArray(),
            SeenItems = Enumerable.Range(0, users).Select(_ => Enumerable.Range(0, 20).Select(_ => (uint)random.Next(1, items + 1)).Distinct().Order().ToArray()).ToArray(),
            Metadata = new PackageMetadata
            {
                Dataset = $"synthetic {users} users × {items} items (random weights)",
                Seed = seed,
                ProfileFields = [new ProfileField(nameof(Profile.age), FeatureKind.Numeric, 18, 80),
                    new ProfileField(nameof(Profile.activity), FeatureKind.Numeric, 0, 100)],
            },
        };
        return RecommendationPackage.Save(folder, ml, content);
    }

    /// <summary>A synthetic user's profile fields, named as a new user's JSON sends them.</summary>
    private sealed class Profile
    {
#pragma warning disable IDE1006 // lower-case: these are the profile fields' names
        public float age { get; set; }

        public float activity { get; set; }
#pragma warning restore IDE1006
    }
}
