using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Tests.Experiments;

public class ReferenceExperimentTests
{
    private static RecommendationDataset Small() =>
        PseudoDatasetGenerator.Generate(new PseudoDatasetOptions { Seed = 5, UserCount = 90, ItemCount = 50, RatingCount = 2000 });

    [Fact]
    public void Run_DatasetWithFixedTestSet_UsesItForTheWarmProtocol()
    {
        // interactions.test.csv replaces the random split: the warm table must report exactly its rows.
        var full = Small();
        int cut = full.Interactions.Count * 4 / 5;
        var dataset = new RecommendationDataset(full.Interactions.Take(cut).ToArray(), full.Users, full.Items,
            full.Interactions.Skip(cut).ToArray());
        var ml = new MLContext(1);
        var data = PreparedData.Prepare(ml, dataset, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });

        var result = ReferenceExperiment.Run(ml, data, new ExperimentOptions { Models = [ReferenceExperiment.MatrixFactorization], FactorRank = 8 });

        var warm = result.Report.Tables.Single(t => t.Protocol == Protocol.Warm);
        Assert.Contains("fixed test set", warm.Description);
        Assert.Contains($"{cut} train / {full.Interactions.Count - cut} test rows", warm.Description);
    }

    [Fact]
    public void Run_TwoStage_ReportedUnderEveryProtocol_WithFiniteCatalogueMetrics()
    {
        // compare --models TwoStage: the warm and cold-user protocols score rows with it, the catalogue protocols
        // (full catalogue, cold items) re-rank its retrieval top-N through one recommender per fitted model.
        var ml = new MLContext(1);
        var data = PreparedData.Prepare(ml, Small(), new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });

        var result = ReferenceExperiment.Run(ml, data, new ExperimentOptions { Models = [ReferenceExperiment.TwoStage], Epochs = 1 });

        Assert.Equal([Protocol.Warm, Protocol.ColdUsers, Protocol.FullCatalog, Protocol.ColdItems],
            result.Report.Tables.Select(t => t.Protocol));
        foreach (var table in result.Report.Tables)
        {
            var row = Assert.Single(table.Rows, r => r.Model == ReferenceExperiment.TwoStage);
            Assert.All(row.Values.Values, value => Assert.True(value is null || double.IsFinite(value.Value), $"{table.Protocol.Key}: {value}"));
            Assert.Contains(row.Values.Values, value => value is > 0);
        }
    }

    [Fact]
    public void Run_ImplicitFeedback_RefitEpochsReachProgressButNotTheTrainingCurves()
    {
        // Retrieval-only training refits on all the data by default; the refit counts its epochs from 1 again, which
        // must not read as another fit (one curve per fitted protocol) though the progress display sees it.
        var ml = new MLContext(1);
        var data = PreparedData.Prepare(ml, Small(), new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });
        var reported = new List<TwoTowerEpochProgress>();

        var result = ReferenceExperiment.Run(ml, data, new ExperimentOptions
        {
            Models = [ReferenceExperiment.TwoTower], Implicit = true, Epochs = 2, ColdUserFraction = 0, ColdItemFraction = 0,
            OnEpoch = (_, epoch) => reported.Add(epoch),
        });

        Assert.Contains(reported, e => e.Refit);
        var run = Assert.Single(result.TrainingRuns[ReferenceExperiment.TwoTower]);
        Assert.Equal(reported.Where(e => !e.Refit).Select(e => e.Epoch), run.Select(e => e.Epoch));
        Assert.DoesNotContain(run, e => e.Refit);
    }

    [Fact]
    public void Run_TwoStageVariant_ConfiguredAndReportedUnderItsName()
    {
        var ml = new MLContext(1);
        var data = PreparedData.Prepare(ml, Small(), new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });
        var configured = new List<TwoStageTrainer.Options>();
        var variant = new TwoStageVariant("scores only", "only the towers' scores", options =>
        {
            options.FeatureGroups = RerankFeatureGroups.Scores;
            configured.Add(options);
        });

        var result = ReferenceExperiment.Run(ml, data, new ExperimentOptions { TwoStageVariants = [variant], Epochs = 1, ColdItemFraction = 0 });

        // Configured once, on top of the experiment's towers (its epochs).
        var options = Assert.Single(configured);
        Assert.Equal(1, options.Towers.NumberOfEpochs);
        foreach (var table in result.Report.Tables)
        {
            Assert.Single(table.Rows, r => r.Model == "scores only");
            Assert.DoesNotContain(table.Rows, r => r.Model == ReferenceExperiment.TwoStage || r.Model == ReferenceExperiment.TwoTower);
        }
    }

    [Fact]
    public void Prepare_KeysFollowFirstAppearance_AndEveryRowCarriesItsEntitysFeatures()
    {
        var ml = new MLContext(1);
        var dataset = Small();
        var data = PreparedData.Prepare(ml, dataset, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });

        Assert.Equal(dataset.Interactions[0].UserId, data.UserIds[0]);
        Assert.Equal(dataset.Interactions.Select(i => i.UserId).Distinct().Count(), data.UserIds.Count);
        Assert.Equal(data.UserIds.Count, (int)data.UserRows().GetRowCount()!);
        Assert.Equal(data.ItemIds.Count, (int)data.ItemRows().GetRowCount()!);
        Assert.Null(data.TestInteractions);
        var e = Assert.Throws<ArgumentException>(() => data.NewUserRow(new float[3]));
        Assert.Contains("3", e.Message);
    }

    [Fact]
    public void FeaturizeNewUser_UnknownField_ThrowsListingKnownFields()
    {
        var ml = new MLContext(1);
        var data = PreparedData.Prepare(ml, Small(), new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });
        var e = Assert.Throws<ArgumentException>(() => data.FeaturizeNewUser(new Dictionary<string, string> { ["shoe_size"] = "44" }));
        Assert.Contains("shoe_size", e.Message);
        Assert.Contains("self_introduction", e.Message);
        Assert.Equal(data.Features.Users!.Dimension, data.FeaturizeNewUser(new Dictionary<string, string> { ["age"] = "40" }).Length);
    }

    private static readonly PseudoDatasetOptions OracleData = new() { Seed = 5, UserCount = 90, ItemCount = 50, RatingCount = 2000 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_Oracle_RanksEveryProtocolAboveTheFloors(bool implicitFeedback)
    {
        // The generator's own probabilities are the ceiling: on every protocol they must rank better than chance and
        // better than popularity (which they contain: an item's Zipf weight is part of who rates it).
        var generated = PseudoDatasetGenerator.GenerateWithTruth(OracleData);
        var ml = new MLContext(1);
        var data = PreparedData.Prepare(ml, generated.Dataset, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });

        var result = ReferenceExperiment.Run(ml, data, new ExperimentOptions
        {
            Models = [ReferenceExperiment.Oracle], Truth = generated.Truth, Implicit = implicitFeedback,
        });

        Assert.Equal(implicitFeedback ? Protocol.ImplicitFeedback : Protocol.Explicit, result.Report.Tables.Select(t => t.Protocol));
        foreach (var table in result.Report.Tables)
        {
            var metric = table.Metrics.Contains("nDCG@10") ? "nDCG@10" : table.Metrics[0];
            double Value(string model) => table.Rows.Single(r => r.Model == model).Values[metric]!.Value;
            Assert.True(Value(ReferenceExperiment.Oracle) > Value("random"), $"{table.Protocol.Key}: oracle {Value(ReferenceExperiment.Oracle)} vs random {Value("random")}");
            if (table.Rows.Single(r => r.Model == "popularity").Values[metric] is not null)
                Assert.True(Value(ReferenceExperiment.Oracle) > Value("popularity"), $"{table.Protocol.Key}: oracle {Value(ReferenceExperiment.Oracle)} vs popularity {Value("popularity")}");
            Assert.Equal(0, table.Rows.Single(r => r.Model == ReferenceExperiment.Oracle).TrainSeconds);
        }
    }

    [Fact]
    public void Run_OracleWithoutTheTruth_Refuses()
    {
        var ml = new MLContext(1);
        var data = PreparedData.Prepare(ml, Small(), new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });

        var e = Assert.Throws<ArgumentException>(() => ReferenceExperiment.Run(ml, data, new ExperimentOptions { Models = [ReferenceExperiment.Oracle] }));

        Assert.Contains(nameof(ExperimentOptions.Truth), e.Message);
    }

    [Fact]
    public void Run_OracleWithAnotherDatasetsTruth_NamesTheForeignId()
    {
        // A truth generated for 40 items knows i01 … i40; the data's i41 would otherwise be scored as some other item.
        var ml = new MLContext(1);
        var data = PreparedData.Prepare(ml, PseudoDatasetGenerator.Generate(OracleData), new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });
        var truth = PseudoDatasetGenerator.GenerateWithTruth(new PseudoDatasetOptions { Seed = 5, UserCount = 90, ItemCount = 40, RatingCount = 1500 }).Truth;

        var e = Assert.Throws<ArgumentException>(() => ReferenceExperiment.Run(ml, data, new ExperimentOptions { Models = [ReferenceExperiment.Oracle], Truth = truth }));

        Assert.Matches("item id 'i4[1-9]|i50'", e.Message);
        Assert.Contains("--data pseudo", e.Message);
    }
}
