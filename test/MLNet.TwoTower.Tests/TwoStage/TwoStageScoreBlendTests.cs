using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.TwoStage.Features;
using MLNet.TwoTower.TwoStage.Training;

namespace MLNet.TwoTower.Tests.TwoStage;

/// <summary>The re-rankers' scores blended with the first stage's (<c>TowerScoreShareCandidates</c>).</summary>
[Collection(TorchCollection.Name)]
public class TwoStageScoreBlendTests
{
    private static TwoStageTrainer.Options Options(params float[] shares)
    {
        var options = TwoStageFixture.SmallOptions(refit: false);
        options.ValidationFraction = 0.3f;
        if (shares.Length > 0)
            options.TowerScoreShareCandidates = shares;
        return options;
    }

    [Fact]
    public void ShareOne_ServesTheTowersOrder_InTheChainAndTheRecommender()
    {
        // Share 1 alone: the catalogue score is a positive multiple of the retrieval score, the rated-item score of the
        // towers' score, so both orders are the first stage's; the recommender returns its top candidates in that order.
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        var trainer = ml.Ranking.Trainers.TwoStage(Options(1f));
        using var model = trainer.Fit(data);

        var scored = model.Transform(data);
        var catalogue = scored.GetColumn<float>(TwoStageTransformer.CatalogScoreColumnName).ToArray();
        var retrieval = scored.GetColumn<float>("RetrievalScore").ToArray();
        var score = scored.GetColumn<float>("Score").ToArray();
        var tower = scored.GetColumn<float>(TwoStageTransformer.TowerScoreColumnName).ToArray();

        Assert.Equal(1.0, trainer.TowerScoreShares[TwoStageTrainer.CatalogueRerankerName]);
        Assert.Equal(1.0, trainer.TowerScoreShares[TwoStageTrainer.RatedRerankerName]);
        Assert.Equal(0f, model.RecommendingBlend.TreeWeight);
        Assert.True(model.RecommendingBlend.TowerWeight > 0);
        for (int i = 0; i < catalogue.Length; i++)
        {
            Assert.Equal(model.RecommendingBlend.TowerWeight * retrieval[i], catalogue[i], 5);
            Assert.Equal(Math.Sign(tower[i]), Math.Sign(score[i]));
        }
        var recommended = model.CreateRecommender(data, data).Recommend(3, 5);
        Assert.Equal(recommended.Select(r => r.RetrievalScore).OrderDescending(), recommended.Select(r => r.RetrievalScore));
    }

    [Fact]
    public void ChosenBlend_SameSeedSame_SaveLoadBitIdentical_RecommenderAgreesWithChain()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        var trainer = ml.Ranking.Trainers.TwoStage(Options());
        using var model = trainer.Fit(data);
        var shares = new Dictionary<string, double>(trainer.TowerScoreShares);
        using var again = ml.Ranking.Trainers.TwoStage(Options()).Fit(data);

        var score = model.Transform(data).GetColumn<float>("Score").ToArray();
        Assert.Equal(score, again.Transform(data).GetColumn<float>("Score").ToArray());
        Assert.Equal([TwoStageTrainer.CatalogueRerankerName, TwoStageTrainer.RatedRerankerName], shares.Keys.Order());
        Assert.All(shares.Values, share => Assert.Contains((float)share, TwoStageTrainerDefaults.TowerScoreShareCandidates));

        var loaded = TwoStageFixture.Reloaded(ml, model, data).Transform(data);
        Assert.Equal(score.Select(BitConverter.SingleToInt32Bits), loaded.GetColumn<float>("Score").ToArray().Select(BitConverter.SingleToInt32Bits));

        var recommended = model.CreateRecommender(data, data).Recommend(3, 5);
        var chain = TwoStageFixture.ChainCatalogScores(ml, model, data, 3, recommended.Select(r => r.ItemKey));
        for (int i = 0; i < recommended.Count; i++)
            Assert.Equal(chain[i], recommended[i].Score, 4);
    }

    [Fact]
    public void Blend_NonZeroShareChangesTheScore_ZeroShareIsTheTreesAlone()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        using var trees = ml.Ranking.Trainers.TwoStage(Options(0f)).Fit(data);
        using var half = ml.Ranking.Trainers.TwoStage(Options(0.5f)).Fit(data);

        var treeScores = trees.Transform(data).GetColumn<float>(TwoStageTransformer.CatalogScoreColumnName).ToArray();
        var halfScores = half.Transform(data).GetColumn<float>(TwoStageTransformer.CatalogScoreColumnName).ToArray();

        Assert.False(trees.RecommendingBlend.Blends);
        Assert.True(half.RecommendingBlend.Blends);
        Assert.NotEqual(treeScores, halfScores);
        // Share 0.5 weighs both scores by their spread: w_trees·σ_trees = w_tower·σ_tower.
        Assert.Equal(0.5, half.RecommendingBlend.Share);
    }

    [Fact]
    public void ChooseTreeCountOff_ValidationChoosesOnlyTheShare_AllTreesKept()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        var options = Options();
        options.ChooseTreeCount = false;
        var trainer = ml.Ranking.Trainers.TwoStage(options);

        using var model = trainer.Fit(data);
        var plain = TwoStageFixture.SmallOptions(refit: false);
        plain.ValidationFraction = 0;
        using var unvalidated = ml.Ranking.Trainers.TwoStage(plain).Fit(data);

        Assert.Empty(trainer.TreeCounts);
        Assert.Equal([TwoStageTrainer.CatalogueRerankerName, TwoStageTrainer.RatedRerankerName], trainer.TowerScoreShares.Keys.Order());
        // The same rounds on the same groups as without validation (LightGBM may stop before NumberOfTrees).
        Assert.Equal(unvalidated.CatalogueReranker.TreeCount, model.CatalogueReranker.TreeCount);
    }

    [Fact]
    public void For_ConstantTowerFeature_KeepsTheTreesAlone()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        using var fitted = TwoStageFixture.FitTraced(ml, data, TwoStageFixture.SmallOptions(refit: false));
        var (trainer, model, trace) = fitted;
        var rows = trace.Reranker.Catalogue.Select(r => r with { Features = r.Features.ToArray() }).ToList();
        foreach (var row in rows)
            row.Features[RerankFeatures.RetrievalScorePosition] = 0.25f;

        var blend = ScoreBlend.For(0.5, model.CatalogueReranker, rows, RerankFeatures.RetrievalScorePosition);

        Assert.False(blend.Blends);
        Assert.True(ScoreBlend.For(0.5, model.CatalogueReranker, trace.Reranker.Catalogue, RerankFeatures.RetrievalScorePosition).Blends);
    }

    [Fact]
    public void Create_ShareOutsideZeroToOneOrNone_Refused()
    {
        var ml = new MLContext(seed: 1);

        var outside = Assert.Throws<ArgumentException>(() => ml.Ranking.Trainers.TwoStage(new TwoStageTrainer.Options { TowerScoreShareCandidates = [0f, 1.5f] }));
        var none = Assert.Throws<ArgumentException>(() => ml.Ranking.Trainers.TwoStage(new TwoStageTrainer.Options { TowerScoreShareCandidates = [] }));

        Assert.Contains("TowerScoreShareCandidates must hold at least one share, each in [0, 1]; got [0, 1.5]", outside.Message);
        Assert.Contains("got []", none.Message);
    }

    [Fact]
    public void BeatsByOneStandardError_NeedsAGainAboveTheNoiseOfThePairedDifferences()
    {
        // Better on every user by the same amount: no noise, a real gain.
        Assert.True(ScoreBlend.BeatsByOneStandardError([0.6, 0.5, 0.7], [0.5, 0.4, 0.6]));
        // Mean gain 0.02 with paired differences of ±0.3: the standard error (0.17) swamps it.
        Assert.False(ScoreBlend.BeatsByOneStandardError([0.8, 0.22, 0.8, 0.26], [0.5, 0.5, 0.5, 0.5]));
        // One group, or a loss, is never enough.
        Assert.False(ScoreBlend.BeatsByOneStandardError([0.9], [0.1]));
        Assert.False(ScoreBlend.BeatsByOneStandardError([0.4, 0.4], [0.5, 0.5]));
    }

    [Fact]
    public void Choose_AShareBetterOnTooFewUsers_FallsBackToTheTowersOrder()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        using var fitted = TwoStageFixture.FitTraced(ml, data, TwoStageFixture.SmallOptions(refit: false));
        var (trainer, model, trace) = fitted;
        var rows = trace.Reranker.Catalogue;
        var group = rows.Where(r => r.User == rows[0].User).ToArray();
        const int tower = RerankFeatures.RetrievalScorePosition;
        // One user's candidates; the towers' score puts its only positive last, so share 1 is the worst order.
        RerankerTrainingSet.Row[] User(uint user) => group.Select((r, i) => r with
        {
            User = user, Label = i == 0 ? 1f : 0f, Features = WithTower(r.Features, i == 0 ? -1f : i),
        }).ToArray();
        float[] shares = [0f, 0.5f, 1f];

        var (single, ndcg) = ScoreBlend.Choose(shares, model.CatalogueReranker, rows, User(1), tower);
        var (repeated, _) = ScoreBlend.Choose(shares, model.CatalogueReranker, rows, Enumerable.Range(1, 30).SelectMany(u => User((uint)u)).ToArray(), tower);

        Assert.True(ndcg.Max() > ndcg[2], $"a share other than 1 must win on the mean for this test to mean anything: {string.Join(", ", ndcg)}");
        Assert.Equal(1, single.Share);
        // The same gain on 30 users with no spread is beyond one standard error: the winner is kept.
        Assert.NotEqual(1, repeated.Share);

        static float[] WithTower(float[] features, float value)
        {
            var copy = features.ToArray();
            copy[tower] = value;
            return copy;
        }
    }
}
