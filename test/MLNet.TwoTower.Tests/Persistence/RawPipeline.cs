using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Tests.Persistence;

/// <summary>
/// Raw rows (string ids, loose numeric columns) and the built-in featurisation a user puts before the trainer:
/// MapValueToKey for both ids, Concatenate and NormalizeMinMax for both feature vectors. Produces exactly the
/// columns <see cref="TestModels.Parameters"/> reads (6 user keys, 5 item keys, 5 user and 4 item features).
/// </summary>
internal static class RawPipeline
{
    public static RawRow[] Rows(int seed = 5)
    {
        var random = new Random(seed);
        var users = Enumerable.Range(0, TestModels.UserCount)
            .Select(u => (Id: $"u{u}", Age: 18f + random.Next(50), Traits: TestModels.Values(random, 4, 0, 10))).ToArray();
        var items = Enumerable.Range(0, TestModels.ItemCount)
            .Select(i => (Id: $"i{i}", Year: 1950f + random.Next(70), Genres: TestModels.Values(random, 3, 0, 1))).ToArray();
        return users.SelectMany(u => items.Select(i => new RawRow
        {
            UserId = u.Id, UserAge = u.Age, UserTraits = u.Traits,
            ItemId = i.Id, ItemYear = i.Year, ItemGenres = i.Genres,
            Rating = random.Next(5),
        })).ToArray();
    }

    public static EstimatorChain<Microsoft.ML.Transforms.NormalizingTransformer> Featurizer(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("UserKey", "UserId")
            .Append(ml.Transforms.Conversion.MapValueToKey("ItemKey", "ItemId"))
            .Append(ml.Transforms.Concatenate("UserFeatures", "UserAge", "UserTraits"))
            .Append(ml.Transforms.NormalizeMinMax("UserFeatures"))
            .Append(ml.Transforms.Concatenate("ItemFeatures", "ItemYear", "ItemGenres"))
            .Append(ml.Transforms.NormalizeMinMax("ItemFeatures"));

    public static (TransformerChain<Microsoft.ML.Transforms.NormalizingTransformer> Featurizer, IDataView Raw) Fit(MLContext ml)
    {
        var raw = ml.Data.LoadFromEnumerable(Rows());
        return (Featurizer(ml).Fit(raw), raw);
    }

    public sealed class RawRow
    {
        public string UserId { get; set; } = "";

        public float UserAge { get; set; }

        [VectorType(4)]
        public float[] UserTraits { get; set; } = [];

        public string ItemId { get; set; } = "";

        public float ItemYear { get; set; }

        [VectorType(3)]
        public float[] ItemGenres { get; set; } = [];

        public float Rating { get; set; }
    }
}
