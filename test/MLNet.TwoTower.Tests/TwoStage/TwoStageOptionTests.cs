using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.TwoStage.Features;
using MLNet.TwoTower.TwoStage.Training;

namespace MLNet.TwoTower.Tests.TwoStage;

/// <summary>The two-stage options added for issue 12's second round: feature groups, cold item rows, refit statistics.</summary>
[Collection(TorchCollection.Name)]
public class TwoStageOptionTests
{
    [Fact]
    public void FeatureGroups_SwitchedOffGroupIsZeroInTrainingAndNeverSplitOn()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        var options = TwoStageFixture.SmallOptions(refit: false);
        options.FeatureGroups = RerankFeatureGroups.All & ~RerankFeatureGroups.Scores & ~RerankFeatureGroups.ItemStatistics;
        using var fitted = TwoStageFixture.FitTraced(ml, data, options);
        var (trainer, model, trace) = fitted;

        Assert.NotNull(trace);
        int dimension = model.Towers.Parameters.UserTower.OutputSize;
        var off = Positions(RerankFeatureGroups.Scores, dimension).Concat(Positions(RerankFeatureGroups.ItemStatistics, dimension)).ToArray();
        Assert.All(trace.Reranker.Rows, row => Assert.All(off, f => Assert.Equal(0f, row.Features[f])));
        Assert.Empty(model.CatalogueReranker.SplitFeatures.Intersect(off));
        // The groups left on are used: the product (or user statistics) carry the splits.
        Assert.NotEmpty(model.CatalogueReranker.SplitFeatures);
        using var full = ml.Ranking.Trainers.TwoStage(TwoStageFixture.SmallOptions(refit: false)).Fit(data);
        Assert.NotEmpty(full.CatalogueReranker.SplitFeatures.Intersect(off));
        Assert.NotEqual(full.Transform(data).GetColumn<float>("Score").ToArray(), model.Transform(data).GetColumn<float>("Score").ToArray());
    }

    [Fact]
    public void FeatureGroups_SameSeedSameScores_AndSaveLoadBitIdentical()
    {
        float[] Scores(out float[] loadedScores)
        {
            var ml = new MLContext(seed: 1);
            var data = TwoStageFixture.Data(ml);
            var options = TwoStageFixture.SmallOptions(refit: false);
            options.FeatureGroups = RerankFeatureGroups.Scores | RerankFeatureGroups.EmbeddingProduct;
            options.ColdItemStatisticsFraction = 0.3f;
            using var model = ml.Ranking.Trainers.TwoStage(options).Fit(data);
            loadedScores = TwoStageFixture.Reloaded(ml, model, data).Transform(data).GetColumn<float>("Score").ToArray();
            return model.Transform(data).GetColumn<float>("Score").ToArray();
        }

        var first = Scores(out var loaded);
        var second = Scores(out _);

        Assert.Equal(first, second);
        Assert.Equal(first.Select(BitConverter.SingleToInt32Bits), loaded.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void ColdItemStatisticsFraction_CatalogueRowsOfChosenItemsReadTheColdRow_RatedRowsNever()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        var options = TwoStageFixture.SmallOptions(refit: false);
        options.ColdItemStatisticsFraction = 0.5f;
        using var fitted = TwoStageFixture.FitTraced(ml, data, options);
        var (trainer, model, trace) = fitted;

        Assert.NotNull(trace);
        var itemStatistics = RerankFeatures.Positions(RerankFeatureGroups.ItemStatistics, model.Towers.Parameters.UserTower.OutputSize);
        var coldRow = trace.FirstStatistics.Item(0).ToArray();
        bool IsCold(RerankerTrainingSet.Row row) => row.Features[itemStatistics].SequenceEqual(coldRow);
        // Every item has training rows, so only the chosen share reads the cold row, and only in the catalogue set.
        var coldItems = trace.Reranker.Catalogue.Where(IsCold).Select(r => r.Item).ToHashSet();
        var catalogueItems = trace.Reranker.Catalogue.Select(r => r.Item).ToHashSet();
        Assert.InRange(coldItems.Count, 1, catalogueItems.Count - 1);
        // Whole items, not rows: an item is cold in every group or in none.
        Assert.All(trace.Reranker.Catalogue.Where(r => coldItems.Contains(r.Item)), r => Assert.True(IsCold(r)));
        Assert.DoesNotContain(trace.Reranker.Rated, IsCold);
    }

    [Fact]
    public void ColdItemStatisticsFraction_ChangesTheCatalogueReranker()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        var options = TwoStageFixture.SmallOptions(refit: false);
        options.ColdItemStatisticsFraction = 0.5f;

        using var with = ml.Ranking.Trainers.TwoStage(options).Fit(data);
        using var without = ml.Ranking.Trainers.TwoStage(TwoStageFixture.SmallOptions(refit: false)).Fit(data);

        var catalog = TwoStageTransformer.CatalogScoreColumnName;
        Assert.NotEqual(without.Transform(data).GetColumn<float>(catalog).ToArray(), with.Transform(data).GetColumn<float>(catalog).ToArray());
        // The rated-item re-ranker trains on the same rows either way.
        Assert.Equal(without.Transform(data).GetColumn<float>("Score").ToArray(), with.Transform(data).GetColumn<float>("Score").ToArray());
    }

    [Fact]
    public void Refit_StatisticsCountAllRowsOnTheFirstStagesScale()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        using var fitted = TwoStageFixture.FitTraced(ml, data, TwoStageFixture.SmallOptions(refit: true));
        var (trainer, model, trace) = fitted;

        Assert.NotNull(trace);
        var users = data.GetColumn<uint>("UserId").ToArray();
        float scale = (float)trace.HeldOut.Count(h => !h) / trace.HeldOut.Length;
        Assert.InRange(scale, 0.5f, 0.95f);
        foreach (var user in users.Distinct())
        {
            int all = users.Count(u => u == user);
            // All rows counted (not the first towers' share), scaled to the share the re-ranker's statistics had.
            Assert.Equal(MathF.Log(1 + scale * all), model.Statistics.User(user)[0], 5);
        }
    }

    [Fact]
    public void MatrixFactorizationScore_IsTheLastFeature_SavesLoadsBitIdentical_AndRecommenderAgrees()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        var options = TwoStageFixture.SmallOptions();
        options.MatrixFactorizationScore = true;
        using var fitted = TwoStageFixture.FitTraced(ml, data, options);
        var (trainer, model, trace) = fitted;
        using var without = ml.Ranking.Trainers.TwoStage(TwoStageFixture.SmallOptions()).Fit(data);

        Assert.NotNull(trace);
        Assert.NotNull(model.MatrixFactorization);
        int dimension = model.Towers.Parameters.UserTower.OutputSize;
        Assert.Equal(RerankFeatures.Width(dimension) + 1, trace.Reranker.FeatureWidth);
        // The last feature is the factor model's score of the pair, and it varies (a model, not a constant).
        var last = trace.Reranker.Rows.Select(r => r.Features[^1]).ToArray();
        Assert.True(last.Distinct().Count() > 10);
        var scored = model.Transform(data);
        var score = scored.GetColumn<float>("Score").ToArray();
        Assert.NotEqual(without.Transform(data).GetColumn<float>("Score").ToArray(), score);

        var loaded = TwoStageFixture.Reloaded(ml, model, data).Transform(data).GetColumn<float>("Score").ToArray();
        Assert.Equal(score.Select(BitConverter.SingleToInt32Bits), loaded.Select(BitConverter.SingleToInt32Bits));

        // The recommender computes the same feature as the chain's ONNX graph (dot products in another order: float noise).
        var recommended = model.CreateRecommender(data, data).Recommend(3, 5);
        var chain = TwoStageFixture.ChainCatalogScores(ml, model, data, 3, recommended.Select(r => r.ItemKey));
        for (int i = 0; i < recommended.Count; i++)
            Assert.Equal(chain[i], recommended[i].Score, 4);
    }

    [Fact]
    public void MatrixFactorizationScore_SameSeedSameScores()
    {
        float[] Scores()
        {
            var ml = new MLContext(seed: 1);
            var data = TwoStageFixture.Data(ml);
            var options = TwoStageFixture.SmallOptions(refit: false);
            options.MatrixFactorizationScore = true;
            using var model = ml.Ranking.Trainers.TwoStage(options).Fit(data);
            return model.Transform(data).GetColumn<float>("Score").ToArray();
        }

        Assert.Equal(Scores(), Scores());
    }

    [Fact]
    public void ValidationFraction_ChoosesATreeCountWithinTheMaximum_Deterministically()
    {
        (Dictionary<string, int> Counts, float[] Scores) Fit(float fraction)
        {
            var ml = new MLContext(seed: 1);
            var data = TwoStageFixture.Data(ml);
            var options = TwoStageFixture.SmallOptions(refit: false);
            options.ValidationFraction = fraction;
            options.ChooseTreeCount = true;
            options.NumberOfTrees = 40;
            var trainer = ml.Ranking.Trainers.TwoStage(options);
            using var model = trainer.Fit(data);
            return (new Dictionary<string, int>(trainer.TreeCounts), model.Transform(data).GetColumn<float>("Score").ToArray());
        }

        var (counts, scores) = Fit(0.3f);
        var (again, scoresAgain) = Fit(0.3f);
        var (none, _) = Fit(0);

        Assert.Equal([TwoStageTrainer.CatalogueRerankerName, TwoStageTrainer.RatedRerankerName], counts.Keys.Order());
        Assert.All(counts.Values, trees => Assert.InRange(trees, 1, 40));
        Assert.Equal(counts, again);
        Assert.Equal(scores, scoresAgain);
        Assert.Empty(none);
    }

    [Fact]
    public void TreeCountSelection_LastPrefixIsTheWholeEnsemblesNdcg_AndBestIsTheShortestPeak()
    {
        var ml = new MLContext(seed: 1);
        var data = TwoStageFixture.Data(ml);
        using var fitted = TwoStageFixture.FitTraced(ml, data, TwoStageFixture.SmallOptions(refit: false));
        var (trainer, model, trace) = fitted;
        Assert.NotNull(trace);
        var scorer = model.CatalogueReranker;

        var prefix = TreeCountSelection.PrefixNdcg(scorer, trace.Reranker.Catalogue);

        Assert.Equal(scorer.TreeCount, prefix.Length);
        // nDCG@10 of the whole ensemble, computed independently from Score (binary labels, gain 2^l − 1).
        double total = 0;
        int groups = 0;
        foreach (var group in trace.Reranker.Catalogue.GroupBy(r => r.User))
        {
            var rows = group.ToArray();
            double Dcg(IEnumerable<float> labels) => labels.Take(10).Select((l, i) => (Math.Pow(2, l) - 1) / Math.Log2(i + 2)).Sum();
            double ideal = Dcg(rows.Select(r => r.Label).OrderDescending());
            if (ideal == 0)
                continue;
            groups++;
            total += Dcg(rows.Select((r, i) => (r, i)).OrderByDescending(p => scorer.Score(p.r.Features)).ThenBy(p => p.i).Select(p => p.r.Label)) / ideal;
        }
        Assert.Equal(total / groups, prefix[^1], 6);
        Assert.All(prefix, v => Assert.InRange(v, 0, 1));
        Assert.Equal(3, TreeCountSelection.Best([0.1, 0.5, 0.7, 0.7, 0.6]));
        Assert.Equal(1, TreeCountSelection.Best([0.9, 0.5]));
    }

    [Fact]
    public void Create_InvalidNewOptions_ListsThem()
    {
        var ml = new MLContext(seed: 1);
        var options = new TwoStageTrainer.Options { ColdItemStatisticsFraction = 1, FeatureGroups = RerankFeatureGroups.None, ValidationFraction = -0.1f };

        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.Trainers.TwoStage(options));

        Assert.Contains("ColdItemStatisticsFraction must lie in [0, 1); got 1", error.Message);
        Assert.Contains("FeatureGroups must name at least one", error.Message);
        Assert.Contains("ValidationFraction must lie in [0, 1); got -0.1", error.Message);
    }

    private static int[] Positions(RerankFeatureGroups group, int dimension)
    {
        var (offset, length) = RerankFeatures.Positions(group, dimension).GetOffsetAndLength(RerankFeatures.Width(dimension));
        return Enumerable.Range(offset, length).ToArray();
    }
}
