using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Tests.TwoStage;

/// <summary>The fitted two-stage model: ML.NET save/load, the catalogue recommender, cold users.</summary>
[Collection(TorchCollection.Name)]
public class TwoStageTransformerTests
{
    [Fact]
    public void SaveLoad_RoundTrip_BitIdenticalScoresAndRerankerIsMLNets()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        using var model = ml.Ranking.Trainers.TwoStage(TwoStageFixture.SmallOptions()).Fit(data);
        var expected = model.Transform(data).GetColumn<float>("Score").ToArray();
        var expectedCatalog = model.Transform(data).GetColumn<float>(TwoStageTransformer.CatalogScoreColumnName).ToArray();

        var loaded = TwoStageFixture.Reloaded(ml, model, data);

        var chain = Assert.IsAssignableFrom<IEnumerable<ITransformer>>(loaded);
        // Two re-rankers (catalogue, rated items), both ML.NET's own LightGBM ranking transformers.
        Assert.Equal(2, chain.Count(t => t is RankingPredictionTransformer<Microsoft.ML.Trainers.LightGbm.LightGbmRankingModelParameters>));
        var actual = loaded.Transform(data).GetColumn<float>("Score").ToArray();
        var actualCatalog = loaded.Transform(data).GetColumn<float>(TwoStageTransformer.CatalogScoreColumnName).ToArray();
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expectedCatalog.Select(BitConverter.SingleToInt32Bits), actualCatalog.Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(expected, expectedCatalog);
    }

    [Fact]
    public void Recommender_ScoresLikeTransformAndSkipsSeenItems()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        using var model = ml.Ranking.Trainers.TwoStage(TwoStageFixture.SmallOptions()).Fit(data);
        var recommender = model.CreateRecommender(data, data);
        var users = data.GetColumn<uint>("UserId").ToArray();
        var items = data.GetColumn<uint>("ItemId").ToArray();
        var userFeatures = data.GetColumn<float[]>("UserFeatures").ToArray();
        var itemFeatures = data.GetColumn<float[]>("ItemFeatures").ToArray();

        const uint user = 3;
        var recommended = recommender.Recommend(user, 5);

        Assert.Equal(5, recommended.Count);
        var seen = items.Where((_, r) => users[r] == user).ToHashSet();
        Assert.All(recommended, r => Assert.DoesNotContain(r.ItemKey, seen));
        Assert.True(recommended.Zip(recommended.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        // The same pairs through the ML.NET chain: same catalogue re-ranker score (the scorer walks the same trees; the tower
        // scores are dot products summed in another order, so allow float noise).
        var userRow = Array.IndexOf(users, user);
        var pairs = recommended.Select(r => new Training.InteractionRow
        {
            UserId = user - 1, ItemId = r.ItemKey - 1, UserFeatures = userFeatures[userRow],
            ItemFeatures = itemFeatures[Array.IndexOf(items, r.ItemKey)],
        }).ToList();
        var view = Training.InteractionRows.ToDataView(ml, pairs, Training.TrainerFixture.Users, Training.TrainerFixture.Items,
            Training.TrainerFixture.Width, Training.TrainerFixture.Width);
        var scores = model.Transform(view).GetColumn<float>(TwoStageTransformer.CatalogScoreColumnName).ToArray();
        for (int i = 0; i < recommended.Count; i++)
            Assert.Equal(scores[i], recommended[i].Score, 4);
    }

    [Fact]
    public void Transform_ColdUser_ScoredFromFeaturesAlone()
    {
        var ml = new MLContext(seed: 1);
        var all = Training.InteractionRows.Clustered(Training.TrainerFixture.Users, Training.TrainerFixture.Items, clusters: 3,
            Training.TrainerFixture.Width, rowsPerUser: 12, seed: 1);
        // User 0 never appears in training: a cold user, for the towers and for the statistics.
        var train = ml.Data.Cache(Training.InteractionRows.ToDataView(ml, all.Where(r => r.UserId != 0).ToList(),
            Training.TrainerFixture.Users, Training.TrainerFixture.Items, Training.TrainerFixture.Width, Training.TrainerFixture.Width));
        var cold = Training.InteractionRows.ToDataView(ml, all.Where(r => r.UserId == 0).ToList(),
            Training.TrainerFixture.Users, Training.TrainerFixture.Items, Training.TrainerFixture.Width, Training.TrainerFixture.Width);
        using var model = ml.Ranking.Trainers.TwoStage(TwoStageFixture.SmallOptions()).Fit(train);

        Assert.Equal(0f, model.Statistics.User(1)[0]);
        var scored = model.Transform(cold);
        var scores = scored.GetColumn<float>("Score").ToArray();
        var labels = scored.GetColumn<float>("Label").ToArray();
        Assert.All(scores, s => Assert.True(float.IsFinite(s)));
        Assert.True(scores.Distinct().Count() > 1, "a cold user's items must still be told apart by their features");
    }
}
