using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Tests.Datasets;

public sealed class FeatureJoinTests
{
    private static (MLContext Ml, RecommendationDataset Dataset, EntityFeatureTable Users, EntityFeatureTable Items) Setup()
    {
        var ml = new MLContext(seed: 1);
        var users = new EntityTable(["u1", "u2"], [new FeatureColumn("region", FeatureKind.Categorical, ["north", "south"])]);
        var items = new EntityTable(["i1", "i2", "i3"], [new FeatureColumn("genres", FeatureKind.MultiCategorical, ["a", "a|b", "b"])]);
        var dataset = new RecommendationDataset(
            [new("u1", "i1", 5, null), new("u2", "i2", 3, null), new("u1", "i3", 1, null), new("u2", "i1", 4, null)], users, items);

        var userView = dataset.UsersToDataView(ml);
        var itemView = dataset.ItemsToDataView(ml);
        var userFeatures = EntityFeatureTable.FromDataView(
            ml.Transforms.FeaturizeEntity(users, new() { Text = TextFeaturizer.NGrams }).Fit(userView).Transform(userView), DatasetColumns.UserIdText);
        var itemFeatures = EntityFeatureTable.FromDataView(
            ml.Transforms.FeaturizeEntity(items, new() { Text = TextFeaturizer.NGrams }).Fit(itemView).Transform(itemView), DatasetColumns.ItemIdText);
        return (ml, dataset, userFeatures, itemFeatures);
    }

    [Fact]
    public void Join_AttachesEachEntitysVectorByIdToEveryInteraction()
    {
        var (ml, dataset, users, items) = Setup();
        var joined = FeatureJoin.Join(dataset.InteractionsToDataView(ml), users, items);

        Assert.Equal(2, users.Count);
        Assert.Equal(3, items.Count);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 2), joined.Schema["UserFeatures"].Type);
        var userVectors = joined.GetColumn<VBuffer<float>>("UserFeatures").Select(v => v.DenseValues().ToArray()).ToArray();
        var itemVectors = joined.GetColumn<VBuffer<float>>("ItemFeatures").Select(v => v.DenseValues().ToArray()).ToArray();
        // region one-hot (north, south); genres bag (a, b).
        Assert.Equal([[1f, 0f], [0f, 1f], [1f, 0f], [0f, 1f]], userVectors);
        Assert.Equal([[1f, 0f], [1f, 1f], [0f, 1f], [1f, 0f]], itemVectors);
        Assert.Equal(new[] { 5f, 3f, 1f, 4f }, joined.GetColumn<float>("Rating").ToArray());
    }

    [Fact]
    public void Join_InteractionWithUnfeaturisedUser_ThrowsNamingTheId()
    {
        var (ml, _, users, _) = Setup();
        var other = new RecommendationDataset([new("u1", "i1", 5, null), new("u7", "i1", 2, null)]);
        var joined = FeatureJoin.Join(other.InteractionsToDataView(ml), users, null);
        var error = Assert.Throws<InvalidOperationException>(() => joined.GetColumn<VBuffer<float>>("UserFeatures").ToArray());
        Assert.Contains("'u7'", error.Message);
    }

    [Fact]
    public void Join_KeyTypedIdColumn_ExplainsToJoinBeforeMapValueToKey()
    {
        var (ml, dataset, users, _) = Setup();
        var keyed = ml.Transforms.Conversion.MapValueToKey("UserIdText").Fit(dataset.InteractionsToDataView(ml)).Transform(dataset.InteractionsToDataView(ml));
        var error = Assert.Throws<ArgumentException>(() => FeatureJoin.Join(keyed, users, null));
        Assert.Contains("before MapValueToKey", error.Message);
    }

    [Fact]
    public void DatasetFeaturizer_GeneratedDataset_FeaturisesEachEntityOnceAndJoinsEveryRow()
    {
        var ml = new MLContext(seed: 1);
        var dataset = MLNet.TwoTower.Datasets.Generation.PseudoDatasetGenerator.Generate(
            new() { UserCount = 50, ItemCount = 40, RatingCount = 500, Seed = 3 });
        var features = DatasetFeaturizer.Fit(ml, dataset, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });

        Assert.Equal(50, features.Users!.Count);
        Assert.Equal(40, features.Items!.Count);
        var joined = features.Join(dataset.InteractionsToDataView(ml));
        // Copy each row out: the getter reuses one buffer across rows, as ML.NET getters do.
        var userVectors = joined.GetColumn<VBuffer<float>>(FeatureJoin.UserFeatures).Select(v => v.DenseValues().ToArray()).ToArray();
        Assert.Equal(500, userVectors.Length);
        Assert.All(userVectors, v => Assert.Equal(features.Users.Dimension, v.Length));
        for (int row = 0; row < 500; row += 97)
        {
            Assert.True(features.Users.TryGetVector(dataset.Interactions[row].UserId, out var expected));
            Assert.Equal(expected, userVectors[row]);
        }
    }
}
