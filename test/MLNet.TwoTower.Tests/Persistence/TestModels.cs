using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower.Tests.Persistence;

/// <summary>Hand-made models with seeded random weights, and rows to score with them.</summary>
internal static class TestModels
{
    public const int UserFeatureSize = 5;
    public const int ItemFeatureSize = 4;
    public const int UserCount = 6;
    public const int ItemCount = 5;
    public const int EmbeddingSize = 3;

    /// <summary>
    /// User tower: features ‖ 2-d id embedding → 7 (BatchNorm, LeakyReLU) → 3, L2-normalised.
    /// Item tower: features only → 6 (BatchNorm, LeakyReLU) → 3, L2-normalised.
    /// </summary>
    public static TwoTowerModelParameters Parameters(int seed = 7, bool userIdEmbedding = true, bool l2Normalize = true)
    {
        var random = new Random(seed);
        var userIds = userIdEmbedding
            ? new IdEmbeddingWeights { Rows = UserCount + 1, Dimension = 2, Table = Values(random, (UserCount + 1) * 2) }
            : null;
        return new TwoTowerModelParameters
        {
            UserTower = Tower(random, UserFeatureSize, userIds, [7, EmbeddingSize], l2Normalize),
            ItemTower = Tower(random, ItemFeatureSize, null, [6, EmbeddingSize], l2Normalize),
            Temperature = 0.1f,
            UserIdColumnName = "UserKey",
            ItemIdColumnName = "ItemKey",
            UserFeaturesColumnName = "UserFeatures",
            ItemFeaturesColumnName = "ItemFeatures",
            UserKeyCount = UserCount,
            ItemKeyCount = ItemCount,
        };
    }

    /// <summary>
    /// <see cref="Parameters"/> with a ranking head and a popularity prior: heads on each tower's last layer input
    /// (user: b_u; item: b_i), a 2-d item id table with a per-key prior, and the vectors
    /// <see cref="MLNet.TwoTower.Training.Heads.ScoreTerms"/> exports for β, λ, μ, w.
    /// </summary>
    public static TwoTowerModelParameters WithScoreTerms(TwoTowerModelParameters parameters, float beta = 0.5f,
        float lambda = 2f, float globalBias = 3.5f, float ratingScale = 1.5f, int seed = 13)
    {
        var random = new Random(seed);
        var terms = new MLNet.TwoTower.Training.Heads.ScoreTerms(Rating: true, RatingNote: "test", PopularityPrior: true);
        DenseLayerWeights Head(TowerWeights tower, int size) => new()
        {
            InputSize = tower.HeadInputSize, OutputSize = size,
            Weight = Values(random, tower.HeadInputSize * size), Bias = Values(random, size),
        };
        var user = parameters.UserTower;
        var itemIds = new IdEmbeddingWeights { Rows = ItemCount + 1, Dimension = 2, Table = Values(random, (ItemCount + 1) * 2) };
        var item = Tower(random, parameters.ItemTower.FeatureSize, itemIds, [6, EmbeddingSize], parameters.ItemTower.L2Normalize);
        return new TwoTowerModelParameters
        {
            UserTower = new TowerWeights
            {
                FeatureSize = user.FeatureSize, IdEmbedding = user.IdEmbedding, Layers = user.Layers,
                LeakyReluSlope = user.LeakyReluSlope, L2Normalize = user.L2Normalize, Head = Head(user, terms.UserHeadSize),
                RetrievalAugmentation = terms.UserRetrieval(beta),
                RankingAugmentation = terms.UserRanking(beta, lambda, globalBias, ratingScale),
            },
            ItemTower = new TowerWeights
            {
                FeatureSize = item.FeatureSize, IdEmbedding = item.IdEmbedding, Layers = item.Layers,
                LeakyReluSlope = item.LeakyReluSlope, L2Normalize = item.L2Normalize, Head = Head(item, terms.ItemHeadSize),
                RetrievalAugmentation = terms.ItemRetrieval(),
                KeyPrior = Values(random, ItemCount + 1, 0f, 5f),
            },
            Temperature = parameters.Temperature,
            UserIdColumnName = parameters.UserIdColumnName,
            ItemIdColumnName = parameters.ItemIdColumnName,
            UserFeaturesColumnName = parameters.UserFeaturesColumnName,
            ItemFeaturesColumnName = parameters.ItemFeaturesColumnName,
            UserKeyCount = parameters.UserKeyCount,
            ItemKeyCount = parameters.ItemKeyCount,
        };
    }

    public static TowerWeights Tower(Random random, int featureSize, IdEmbeddingWeights? ids, int[] widths, bool l2Normalize)
    {
        var layers = new List<DenseLayerWeights>();
        var input = featureSize + (ids?.Dimension ?? 0);
        for (var i = 0; i < widths.Length; i++)
        {
            var hidden = i < widths.Length - 1;
            layers.Add(new DenseLayerWeights
            {
                InputSize = input,
                OutputSize = widths[i],
                Weight = Values(random, input * widths[i]),
                Bias = Values(random, widths[i]),
                BatchNorm = hidden
                    ? new BatchNormWeights
                    {
                        Scale = Values(random, widths[i], 0.5f, 1.5f),
                        Shift = Values(random, widths[i]),
                        RunningMean = Values(random, widths[i]),
                        RunningVariance = Values(random, widths[i], 0.2f, 2f),
                        Epsilon = 1e-5f,
                    }
                    : null,
                Activation = hidden,
            });
            input = widths[i];
        }
        return new TowerWeights
        {
            FeatureSize = featureSize, IdEmbedding = ids, Layers = layers, LeakyReluSlope = 0.05f, L2Normalize = l2Normalize,
        };
    }

    public static float[] Values(Random random, int count, float min = -1f, float max = 1f) =>
        Enumerable.Range(0, count).Select(_ => min + (max - min) * random.NextSingle()).ToArray();

    /// <summary>
    /// Every user with every item (30 rows), grouped by user, then one row whose user key is missing.
    /// Note: <c>LoadFromEnumerable</c> treats a <c>[KeyType]</c> field as 0-based: it stores field value v as the
    /// key v + 1, and a value ≥ the key count as the missing key 0. So user u gets key u + 1 here, and the last row's
    /// field value <see cref="UserCount"/> becomes the missing key. Tests read keys back with <see cref="RawKeys"/>.
    /// </summary>
    public static Row[] Rows(int seed = 11)
    {
        var random = new Random(seed);
        var users = Enumerable.Range(0, UserCount).Select(_ => Values(random, UserFeatureSize, 0, 1)).ToArray();
        var items = Enumerable.Range(0, ItemCount).Select(_ => Values(random, ItemFeatureSize, 0, 1)).ToArray();
        var rows = new List<Row>();
        for (var u = 0; u < UserCount; u++)
            for (var i = 0; i < ItemCount; i++)
                rows.Add(new Row
                {
                    UserKey = (uint)u, ItemKey = (uint)i, UserFeatures = users[u], ItemFeatures = items[i],
                    Rating = (u + i) % 5,
                });
        rows.Add(new Row { UserKey = UserCount, ItemKey = 0, UserFeatures = users[0], ItemFeatures = items[0], Rating = 0 });
        return [.. rows];
    }

    /// <summary>The keys ML.NET actually holds in <paramref name="column"/> (1-based, 0 = missing).</summary>
    public static uint[] RawKeys(IDataView data, string column) => data.GetColumn<uint>(column).ToArray();

    public static IDataView Load(MLContext ml, IEnumerable<Row> rows) => ml.Data.LoadFromEnumerable(rows);

    public static TwoTowerTransformer Transformer(MLContext ml, TwoTowerModelParameters? parameters = null) =>
        new(ml, parameters ?? Parameters());

    public sealed class Row
    {
        [KeyType(UserCount)]
        public uint UserKey { get; set; }

        [KeyType(ItemCount)]
        public uint ItemKey { get; set; }

        [VectorType(UserFeatureSize)]
        public float[] UserFeatures { get; set; } = [];

        [VectorType(ItemFeatureSize)]
        public float[] ItemFeatures { get; set; } = [];

        public float Rating { get; set; }
    }
}
