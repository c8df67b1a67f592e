using Microsoft.ML;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Serving.Package;

namespace MLNet.TwoTower.Serving.Benchmarks;

/// <summary>
/// A package of a given shape with random weights (serving cost depends on the shape, not on the weights): users with
/// a learned id table, items with 16 content features, 64-wide embeddings, 20 seen items per user; the index kind
/// follows the library's default (exact up to 100k items, HNSW above).
/// </summary>
internal static class SyntheticPackage
{
    private const int Dimension = 64;
    private const int ItemFeatureWidth = 16;
    private const int UserIdWidth = 32;

    public static string Write(string folder, int users, int items, int seed)
    {
        var random = new Random(seed);
        float[] Random(int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * 0.3f).ToArray();
        var parameters = new TwoTowerModelParameters
        {
            UserTower = new TowerWeights
            {
                FeatureSize = 0,
                IdEmbedding = new IdEmbeddingWeights { Rows = users + 1, Dimension = UserIdWidth, Table = Random((users + 1) * UserIdWidth) },
                Layers = [new DenseLayerWeights { InputSize = UserIdWidth, OutputSize = Dimension, Weight = Random(UserIdWidth * Dimension), Bias = Random(Dimension) }],
            },
            ItemTower = new TowerWeights
            {
                FeatureSize = ItemFeatureWidth,
                Layers = [new DenseLayerWeights { InputSize = ItemFeatureWidth, OutputSize = Dimension, Weight = Random(ItemFeatureWidth * Dimension), Bias = Random(Dimension) }],
            },
            Temperature = 0.05f,
            UserIdColumnName = DefaultColumnNames.UserId,
            ItemIdColumnName = DefaultColumnNames.ItemId,
            ItemFeaturesColumnName = DefaultColumnNames.ItemFeatures,
            UserKeyCount = users,
            ItemKeyCount = items,
        };
        var ml = new MLContext(seed);
        var model = TwoTowerParametersFile.ToTransformer(ml, parameters);
        var content = new RecommendationPackageContent
        {
            Model = model,
            UserIds = Enumerable.Range(1, users).Select(u => $"u{u}").ToArray(),
            ItemIds = Enumerable.Range(1, items).Select(i => $"i{i}").ToArray(),
            ItemFeatures = Enumerable.Range(0, items).Select(_ => Random(ItemFeatureWidth)).ToArray(),
            SeenItems = Enumerable.Range(0, users).Select(_ => Enumerable.Range(0, 20).Select(_ => (uint)random.Next(1, items + 1)).Distinct().Order().ToArray()).ToArray(),
            Metadata = new PackageMetadata { Dataset = $"synthetic {users} users × {items} items (random weights)", Seed = seed },
        };
        return RecommendationPackage.Save(folder, ml, content);
    }
}
