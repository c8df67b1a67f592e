using Microsoft.ML;
using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Tests.Baselines;

namespace MLNet.TwoTower.Tests.Evaluation;

public class RecommenderComparisonTests
{
    private static IDataView Data(MLContext ml)
    {
        var (observed, _) = RatingData.LowRank(30, 20, seed: 8);
        return RatingData.KeyedInPlace(ml, observed);
    }

    [Fact]
    public void Run_MatrixFactorizationAndFloors_ReportsEveryProtocol()
    {
        var ml = new MLContext(1);
        var mf = ml.Ranking.Trainers.MatrixFactorization(new MatrixFactorizationTrainer.Options
        {
            ApproximationRank = 4, Quiet = true, Seed = 1, NumberOfThreads = 1, UseBiases = true, UnseenKeyFallback = UnseenKeyFallback.Zeros,
        });
        var report = new RecommenderComparison(ml, new ComparisonOptions { CatalogCutoffs = [5], ColdUserFraction = 0.2 })
            .Add("mf", mf)
            .Run(Data(ml));

        Assert.Equal(Protocol.Explicit, report.Tables.Select(t => t.Protocol));
        Assert.All(report.Tables, t => Assert.Equal(["random", "popularity", "mf"], t.Rows.Select(r => r.Model)));
        var warm = report.Tables[0];
        Assert.All(warm.Rows, r => Assert.InRange(r.Values["nDCG@10"]!.Value, 0, 1));
        // The data is a noiseless low-rank matrix: the factor model must rank better than chance.
        Assert.True(warm.Rows[2].Values["nDCG@10"] > warm.Rows[0].Values["nDCG@10"]);
        Assert.True(report.Tables[2].Rows.All(r => r.Values.ContainsKey("Recall@5") && r.Values.ContainsKey("Coverage@5")));
    }

    /// <summary>
    /// Implicit feedback with every rating 5: 60 users in two groups, each user interacting with 10 of their group's
    /// 15 items (items 0-14 for group 0, 15-29 for group 1), so a collaborative model can find a user's other items.
    /// </summary>
    private static IDataView AllFives(MLContext ml)
    {
        var random = new Random(4);
        var rows = new List<RatingData.Row>();
        for (int user = 0; user < 60; user++)
        {
            int first = user % 2 * 15;
            foreach (var item in Enumerable.Range(first, 15).OrderBy(_ => random.Next()).Take(10))
                rows.Add(new RatingData.Row { UserId = user, ItemId = item, Label = 5 });
        }
        return RatingData.KeyedInPlace(ml, rows);
    }

    [Fact]
    public void Run_AllLabelsEqual_RefusesNamingImplicitMode()
    {
        // Issue 11 §4: a folder whose ratings are all 5 ran 12 s and stopped with "the training loss is NaN". The
        // rating protocols cannot rank by one label (every rated item equally relevant), so the comparison refuses
        // such data up front and names the mode that fits it.
        var ml = new MLContext(1);
        var comparison = new RecommenderComparison(ml).Add("mf", ml.Ranking.Trainers.MatrixFactorization(
            new MatrixFactorizationTrainer.Options { Quiet = true, Seed = 1, NumberOfThreads = 1 }));

        var error = Assert.Throws<ArgumentException>(() => comparison.Run(AllFives(ml)));

        Assert.Contains("Every label in column 'Label' is 5", error.Message);
        Assert.Contains("ComparisonOptions.Implicit", error.Message);
        Assert.Contains("--implicit", error.Message);
    }

    [Fact]
    public void Run_Implicit_RanksTheCatalogueWithMapAndOneClassBeatsRandom()
    {
        var ml = new MLContext(1);
        var oneClass = MatrixFactorizationTrainer.Options.ForImplicitFeedback();
        oneClass.ApproximationRank = 4;
        // Lambda is an absolute weight: 10 suits MovieLens users with ~100 entries, but shrinks these users' ~7 to zero.
        oneClass.Lambda = 0.1;
        oneClass.Quiet = true;
        oneClass.Seed = 1;
        oneClass.NumberOfThreads = 1;
        var report = new RecommenderComparison(ml, new ComparisonOptions { Implicit = true, CatalogCutoffs = [10], ColdUserFraction = 0.2, ColdItemFraction = 0.2 })
            .Add("one-class", ml.Ranking.Trainers.MatrixFactorization(oneClass))
            .Run(AllFives(ml));

        Assert.Equal(Protocol.ImplicitFeedback, report.Tables.Select(t => t.Protocol));
        var main = report.Tables[0];
        Assert.Contains("per-user 0.75/0.25", main.Description);
        Assert.Equal(["random", "popularity", "one-class"], main.Rows.Select(r => r.Model));
        foreach (var metric in Protocol.Implicit.HeadlineMetrics)
            Assert.All(main.Rows, row => Assert.InRange(row.Values[metric]!.Value, 0, 1));
        // Every interaction is a positive: popularity counts every training row (not only ratings ≥ 4), and the
        // one-class model finds the user's own group: well above the random floor.
        Assert.True(main.Rows[1].Values["Recall@10"] > 0);
        Assert.True(main.Rows[2].Values["nDCG@10"] > 1.5 * main.Rows[0].Values["nDCG@10"],
            $"one-class nDCG@10 {main.Rows[2].Values["nDCG@10"]:F3} vs random {main.Rows[0].Values["nDCG@10"]:F3}");
        // Users and items held out entirely: the one-class model has no factors for them (NaN), popularity ranks cold users.
        var coldUsers = report.Tables[1];
        Assert.Null(coldUsers.Rows[2].Values["MAP@10"]);
        Assert.NotNull(coldUsers.Rows[1].Values["MAP@10"]);
        Assert.All(report.Tables[2].Rows.Skip(1), row => Assert.Null(row.Values["nDCG@10"]));
    }

    [Fact]
    public void Run_ModelThatCannotScoreColdUsers_ReportsNullNotARankOfNaNs()
    {
        // Plain MF (ML.NET's contract: NaN for unseen keys) has no factors for users held out entirely, so every
        // cold-user score is NaN. The table must say "cannot score" (null, JSON null, "n/a"), not nDCG ≈ 0.
        var ml = new MLContext(1);
        var mf = ml.Ranking.Trainers.MatrixFactorization(new MatrixFactorizationTrainer.Options
        {
            ApproximationRank = 4, Quiet = true, Seed = 1, NumberOfThreads = 1,
        });
        var report = new RecommenderComparison(ml, new ComparisonOptions { CatalogCutoffs = [5], ColdUserFraction = 0.2 })
            .Add("mf", mf)
            .Run(Data(ml));

        var cold = report.Tables.Single(t => t.Protocol == Protocol.ColdUsers);
        Assert.All(cold.Rows.Single(r => r.Model == "mf").Values.Values, v => Assert.Null(v));
        Assert.NotNull(cold.Rows.Single(r => r.Model == "popularity").Values["nDCG@10"]);
        Assert.NotNull(report.Tables[0].Rows.Single(r => r.Model == "mf").Values["nDCG@10"]);
        Assert.Contains("\"nDCG@10\": null", report.ToJson());
        Assert.Contains("n/a", report.ToString());
    }

    [Fact]
    public void Run_ColdItems_ModelsThatCannotRankUnseenItemsReportNull()
    {
        // Held-out items have no training rows: matrix factorization's item factors are NaN (or zero with the
        // zero fallback, so every candidate scores the user's bias alone) and popularity counts are all 0. None of
        // them can order the candidates, so their cold-item rows are null; the random floor still ranks.
        var ml = new MLContext(1);
        MatrixFactorizationTrainer.Options Mf(UnseenKeyFallback fallback) => new()
        {
            ApproximationRank = 4, Quiet = true, Seed = 1, NumberOfThreads = 1, UseBiases = true, UnseenKeyFallback = fallback,
        };
        var report = new RecommenderComparison(ml, new ComparisonOptions { CatalogCutoffs = [5], ColdUserFraction = 0, ColdItemFraction = 0.2 })
            .Add("mf", ml.Ranking.Trainers.MatrixFactorization(Mf(UnseenKeyFallback.NaN)))
            .Add("mf zeros", ml.Ranking.Trainers.MatrixFactorization(Mf(UnseenKeyFallback.Zeros)))
            .Run(Data(ml));

        var cold = report.Tables.Single(t => t.Protocol == Protocol.ColdItems);
        Assert.Equal(["random", "popularity", "mf", "mf zeros"], cold.Rows.Select(r => r.Model));
        Assert.InRange(cold.Rows[0].Values["Recall@5"]!.Value, 0, 1);
        Assert.All(cold.Rows.Skip(1), row => Assert.All(row.Values.Values, v => Assert.Null(v)));
        Assert.Contains("held-out items ranked", cold.Description);
    }

    [Fact]
    public void Report_RoundTripsThroughJson_AndPrints()
    {
        var ml = new MLContext(1);
        var report = new RecommenderComparison(ml, new ComparisonOptions { CatalogCutoffs = [5], ColdUserFraction = 0 }).Run(Data(ml));
        var back = ComparisonReport.FromJson(report.ToJson());
        Assert.Equal(report.Seed, back.Seed);
        Assert.Equal(report.Tables[0].Rows[1].Values["nDCG@5"], back.Tables[0].Rows[1].Values["nDCG@5"]);
        // Protocols are written as their JSON keys and read back as the same descriptions.
        Assert.Contains("\"Protocol\": \"fullCatalog\"", report.ToJson());
        Assert.Equal(report.Tables.Select(t => t.Protocol), back.Tables.Select(t => t.Protocol));
        var text = report.ToString();
        Assert.Contains("seed 42", text);
        Assert.Contains("popularity", text);
        Assert.Contains("nDCG@10", text);
    }

    [Fact]
    public void Create_BadOptions_Throw()
    {
        var ml = new MLContext(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecommenderComparison(ml, new ComparisonOptions { TestFraction = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecommenderComparison(ml, new ComparisonOptions { NdcgCutoffs = [0] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecommenderComparison(ml, new ComparisonOptions { ColdItemFraction = 1 }));
        Assert.Throws<ArgumentException>(() => new RecommenderComparison(ml).Add("random", ml.Ranking.Trainers.Popularity()));
    }

    /// <summary>Scores rows and items by item key (a fixed rule) and records which protocols asked.</summary>
    private sealed class RecordingFixedScorer : IFixedScorer
    {
        public List<string> Asked { get; } = [];

        public double[] ScoreRows(Protocol protocol, IReadOnlyList<uint> userKeys, IReadOnlyList<uint> itemKeys)
        {
            lock (Asked)
                Asked.Add(protocol.Key);
            return itemKeys.Select(k => (double)k).ToArray();
        }

        public UserScorer? CreateCatalogScorer(Protocol protocol, FullCatalogTask task)
        {
            lock (Asked)
                Asked.Add(protocol.Key);
            return (_, scores) =>
            {
                for (int i = 0; i < scores.Length; i++)
                    scores[i] = i;
            };
        }
    }

    [Fact]
    public void AddFixed_IsAskedPerProtocolAndReportedWithoutTrainingTime()
    {
        var ml = new MLContext(1);
        var scorer = new RecordingFixedScorer();
        var comparison = new RecommenderComparison(ml, new ComparisonOptions { CatalogCutoffs = [5], ColdUserFraction = 0.2 }).AddFixed("truth", scorer);

        var report = comparison.Run(Data(ml));

        Assert.Equal(Protocol.Explicit.Select(p => p.Key), scorer.Asked);
        Assert.All(report.Tables, t => Assert.Equal(["random", "popularity", "truth"], t.Rows.Select(r => r.Model)));
        Assert.All(report.Tables, t => Assert.Equal(0, t.Rows[2].TrainSeconds));
        Assert.Throws<ArgumentException>(() => comparison.AddFixed("truth", scorer));
        Assert.Throws<ArgumentException>(() => comparison.AddFixed("popularity", scorer));
    }
}
