using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Tests.Training;

/// <summary>The two scores a fitted model outputs, and the choices Fit makes on its validation slice.</summary>
[Collection(TorchCollection.Name)]
public class TwoTowerTrainerScoreTests
{
    [Fact]
    public void Fit_RatedData_RankingHeadOnAndRetrievalScoreIsTheEmbeddingsDotProduct()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        var options = TrainerFixture.SmallOptions(epochs: 4);
        options.ValidationFraction = 0.2f;
        options.EarlyStoppingPatience = 4;

        var model = ml.Ranking.Trainers.TwoTower(options).Fit(data);
        var rows = Read(model.Transform(data));

        var choices = model.Parameters.Choices!;
        Assert.True(choices.RankingHead);
        Assert.True(choices.PopularityPrior);
        Assert.Contains(choices.PopularityPriorWeight, options.PopularityPriorWeightCandidates);
        Assert.Contains(choices.ScoreMix, options.ScoreMixCandidates);
        Assert.NotNull(choices.ValidationRecall);
        Assert.NotNull(choices.ValidationNdcg);
        Assert.Equal(8 + 3, rows[0].UserEmbedding.Length);
        foreach (var row in rows)
            Assert.Equal(row.UserEmbedding.Zip(row.ItemEmbedding, (u, i) => u * i).Sum(), row.RetrievalScore, 4);
        Assert.Contains(rows, row => Math.Abs(row.Score - row.RetrievalScore) > 1e-3);
    }

    [Fact]
    public void TrainParameters_RefitOnAllData_RetrainsTheKeptEpochCountWithTheValidatedChoices()
    {
        // The validated run is the same with and without the refit (same seed); the refit then trains the kept number
        // of epochs again on every pair, reported as refit epochs, keeps the choices and their validation figures,
        // ends with other weights (more data) and is as deterministic as the rest.
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        (TwoTowerModelParameters Model, List<TwoTowerEpochProgress> Progress) Train(bool refit)
        {
            var progress = new List<TwoTowerEpochProgress>();
            var options = TrainerFixture.SmallOptions(epochs: 6);
            options.ValidationFraction = 0.2f;
            options.EarlyStoppingPatience = 2;
            options.RefitOnAllData = refit;
            options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(progress.Add);
            return (TrainerFixture.Train(ml, data, options), progress);
        }

        var validated = Train(refit: false);
        var refitted = Train(refit: true);
        var again = Train(refit: true);

        var kept = validated.Model.Choices!;
        var refitEpochs = refitted.Progress.Where(p => p.Refit).ToList();
        Assert.DoesNotContain(validated.Progress, p => p.Refit);
        Assert.Equal(validated.Progress.Select(p => p.Loss), refitted.Progress.Where(p => !p.Refit).Select(p => p.Loss));
        Assert.Equal(Enumerable.Range(1, kept.Epoch), refitEpochs.Select(p => p.Epoch));
        Assert.All(refitEpochs, p => Assert.Null(p.ValidationRecall));
        Assert.Contains("refit on all data", refitEpochs[0].ToString());
        var choices = refitted.Model.Choices!;
        Assert.Equal((kept.Epoch, kept.PopularityPriorWeight, kept.ScoreMix, kept.ValidationRecall, kept.ValidationNdcg),
            (choices.Epoch, choices.PopularityPriorWeight, choices.ScoreMix, choices.ValidationRecall, choices.ValidationNdcg));
        Assert.NotEqual(TrainerFixture.AllWeights(validated.Model), TrainerFixture.AllWeights(refitted.Model));
        Assert.Equal(TrainerFixture.AllWeights(refitted.Model), TrainerFixture.AllWeights(again.Model));
    }

    [Fact]
    public void Fit_RatedData_RankingHeadRegressesTheRatings()
    {
        // Validation off: every epoch runs and the last is kept (on this tiny data validation saturates at once).
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        var model = ml.Ranking.Trainers.TwoTower(TrainerFixture.SmallOptions(epochs: 30)).Fit(data);
        var rows = Read(model.Transform(data));
        var choices = model.Parameters.Choices!;

        // Liked (5) pairs get a predicted rating well above disliked (1) ones, on the rating scale.
        var liked = rows.Where(r => r.Label >= 4).Average(r => r.Score - choices.ScoreMix * r.RetrievalScore);
        var disliked = rows.Where(r => r.Label < 4).Average(r => r.Score - choices.ScoreMix * r.RetrievalScore);
        Assert.True(liked > disliked + 1, $"predicted rating of liked pairs {liked:F2} vs disliked {disliked:F2}; {choices}; μ {choices.GlobalBias} w {choices.RatingScale}");
    }

    [Fact]
    public void Fit_RatingLossKeptOffTheEmbeddings_HeadStillRegressesTheRatings_OverOtherEmbeddings()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        var sharedOptions = TrainerFixture.SmallOptions(epochs: 30);
        sharedOptions.RatingLossUpdatesEmbeddings = true;
        var shared = ml.Ranking.Trainers.TwoTower(sharedOptions).Fit(data);
        var options = TrainerFixture.SmallOptions(epochs: 30);
        options.RatingLossUpdatesEmbeddings = false;

        var detached = ml.Ranking.Trainers.TwoTower(options).Fit(data);
        var rows = Read(detached.Transform(data));
        var choices = detached.Parameters.Choices!;

        Assert.True(choices.RankingHead);
        var liked = rows.Where(r => r.Label >= 4).Average(r => r.Score - choices.ScoreMix * r.RetrievalScore);
        var disliked = rows.Where(r => r.Label < 4).Average(r => r.Score - choices.ScoreMix * r.RetrievalScore);
        Assert.True(liked > disliked + 1, $"predicted rating of liked pairs {liked:F2} vs disliked {disliked:F2}; {choices}");
        // Same seed, same data: only the rating loss's path into ⟨u, i⟩ differs, and the embeddings show it.
        var sharedRows = Read(shared.Transform(data));
        Assert.Contains(rows.Zip(sharedRows), pair => pair.First.ItemEmbedding.Zip(pair.Second.ItemEmbedding, (a, b) => MathF.Abs(a - b)).Max() > 1e-4f);
    }

    [Fact]
    public void Fit_LogsThePlanResolvedFromTheData()
    {
        // What the trainer chose for the unset options (epoch budget, patience, averaging, refit) is in the log.
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => messages.Add(e.Message);
        var implicitRows = InteractionRows.Clustered(TrainerFixture.Users, TrainerFixture.Items, clusters: 3, TrainerFixture.Width,
            rowsPerUser: 12, seed: 1).Where(r => r.Label > 4).ToList();
        TwoTowerTrainer.Options Options()
        {
            var options = TrainerFixture.SmallOptions(epochs: 2);
            options.ValidationFraction = 0.2f;
            options.EarlyStoppingPatience = null;
            return options;
        }

        ml.Ranking.Trainers.TwoTower(Options()).Fit(InteractionRows.ToDataView(ml, implicitRows, TrainerFixture.Users,
            TrainerFixture.Items, TrainerFixture.Width, TrainerFixture.Width));
        ml.Ranking.Trainers.TwoTower(Options()).Fit(TrainerFixture.ClusteredData(ml));

        var plans = messages.Where(m => m.Contains("Two-Tower training plan")).ToList();
        Assert.Equal(2, plans.Count);
        Assert.Contains("retrieval is the only task", plans[0]);
        Assert.Contains("up to 2 epochs, early stopping after 6", plans[0]);
        Assert.Contains("no weight averaging, then a refit on all the data", plans[0]);
        Assert.Contains("ratings or disliked items to rank by", plans[1]);
        Assert.Contains("early stopping after 3", plans[1]);
        Assert.Contains("averaged over 1 epochs, no refit", plans[1]);
        Assert.Contains(messages, m => m.Contains("refit on all data, epoch 1/"));
    }

    [Fact]
    public void Fit_ConstantLabels_RankingHeadOffAndScoreIsRetrievalScore()
    {
        var ml = new MLContext(seed: 1);
        var rows = InteractionRows.Clustered(TrainerFixture.Users, TrainerFixture.Items, clusters: 3, TrainerFixture.Width,
            rowsPerUser: 12, seed: 1).Where(r => r.Label > 4).ToList();
        var data = InteractionRows.ToDataView(ml, rows, TrainerFixture.Users, TrainerFixture.Items, TrainerFixture.Width, TrainerFixture.Width);
        var messages = new List<string>();
        ml.Log += (_, e) => messages.Add(e.Message);

        var model = ml.Ranking.Trainers.TwoTower(TrainerFixture.SmallOptions()).Fit(data);
        var scored = Read(model.Transform(data));

        Assert.False(model.Parameters.Choices!.RankingHead);
        Assert.Contains("implicit", model.Parameters.Choices.RankingHeadNote);
        Assert.Contains(messages, m => m.Contains("ranking head off") && m.Contains("implicit"));
        Assert.All(scored, row => Assert.Equal(row.RetrievalScore, row.Score));
    }

    [Theory]
    [InlineData(true, TwoTowerTrainerDefaults.RetrievalOnlyNumberOfEpochs)]
    [InlineData(false, TwoTowerTrainerDefaults.NumberOfEpochs)]
    public void Fit_EpochsNotSet_BudgetChosenFromTheTasks(bool everyLabelTheSame, int expected)
    {
        // Every label 5: no rating to regress and no disliked items, so retrieval is the only task and gets the longer
        // budget; with ratings 1–5 the ranking head and the dislikes are there and the shorter one applies.
        var ml = new MLContext(seed: 1);
        var rows = InteractionRows.Clustered(TrainerFixture.Users, TrainerFixture.Items, clusters: 3, TrainerFixture.Width,
            rowsPerUser: 12, seed: 1).Where(r => !everyLabelTheSame || r.Label > 4).ToList();
        var data = InteractionRows.ToDataView(ml, rows, TrainerFixture.Users, TrainerFixture.Items, TrainerFixture.Width, TrainerFixture.Width);
        using var cancellation = new CancellationTokenSource();
        var reports = new List<TwoTowerEpochProgress>();
        var options = TrainerFixture.SmallOptions();
        options.NumberOfEpochs = null;
        options.CancellationToken = cancellation.Token;
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(report =>
        {
            reports.Add(report);
            cancellation.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => ml.Ranking.Trainers.TwoTower(options).Fit(data));
        Assert.Equal(expected, Assert.Single(reports).NumberOfEpochs);
    }

    [Fact]
    public void Fit_BothTermsOff_EmbeddingsArePlainUnitVectors()
    {
        var ml = new MLContext(seed: 1);
        var options = TrainerFixture.SmallOptions();
        options.RatingLossWeight = 0;
        options.PopularityPrior = false;

        var model = ml.Ranking.Trainers.TwoTower(options).Fit(TrainerFixture.ClusteredData(ml));
        var rows = Read(model.Transform(TrainerFixture.ClusteredData(ml)));

        Assert.Equal(8, rows[0].UserEmbedding.Length);
        Assert.Contains("PopularityPrior is false", model.Parameters.Choices!.PopularityPriorNote);
        Assert.All(rows, row => Assert.Equal(1f, MathF.Sqrt(row.ItemEmbedding.Sum(v => v * v)), 4));
        Assert.All(rows, row => Assert.Equal(row.RetrievalScore, row.Score));
    }

    private static List<ScoredRow> Read(IDataView scored) =>
        new MLContext().Data.CreateEnumerable<ScoredRow>(scored, reuseRowObject: false).ToList();

    private sealed class ScoredRow
    {
        public float Label { get; set; }

        [ColumnName(DefaultColumnNames.Score)]
        public float Score { get; set; }

        [ColumnName(DefaultColumnNames.RetrievalScore)]
        public float RetrievalScore { get; set; }

        [ColumnName(DefaultColumnNames.UserEmbedding)]
        public float[] UserEmbedding { get; set; } = [];

        [ColumnName(DefaultColumnNames.ItemEmbedding)]
        public float[] ItemEmbedding { get; set; } = [];
    }
}
