using Microsoft.ML;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Tests.Training;

public class TwoTowerTrainerOptionsTests
{
    [Fact]
    public void Ctor_Defaults_AreThePinnedLibraryDefaults()
    {
        var options = new TwoTowerTrainer.Options();

        Assert.Equal("UserId", options.UserIdColumnName);
        Assert.Equal("ItemId", options.ItemIdColumnName);
        Assert.Equal("UserFeatures", options.UserFeaturesColumnName);
        Assert.Equal("ItemFeatures", options.ItemFeaturesColumnName);
        Assert.Equal("Label", options.LabelColumnName);
        Assert.Equal(4f, options.PositiveThreshold);
        Assert.Equal(new[] { 128, 64 }, options.TowerLayerSizes);
        Assert.Equal(0.2f, options.DropoutRate);
        Assert.Equal(0.01f, options.LeakyReluSlope);
        Assert.False(options.ActivateOutputLayer);
        Assert.True(options.NormalizeEmbeddings);
        Assert.Equal(0.07f, options.InitialTemperature);
        Assert.True(options.LearnTemperature);
        Assert.Null(options.NumberOfEpochs);
        Assert.Equal(256, options.BatchSize);
        Assert.Equal(2e-3f, options.LearningRate);
        Assert.Null(options.WeightAveragingEpochs);
        Assert.Null(options.RefitOnAllData);
        Assert.Equal(SamplingBiasCorrection.ExactCounts, options.SamplingBiasCorrection);
        Assert.True(options.RemoveAccidentalHits);
        Assert.Equal(256, options.UniformNegativeCount);
        Assert.Equal(1f, options.ExplicitNegativeWeight);
        Assert.Equal(2f, options.PairwiseRankingWeight);
        Assert.Equal(2f, options.RatingLossWeight);
        Assert.False(options.RatingLossUpdatesEmbeddings);
        Assert.True(options.PopularityPrior);
        Assert.Equal([0f, 0.02f, 0.05f, 0.1f, 0.15f, 0.2f, 0.3f, 0.5f], options.PopularityPriorWeightCandidates);
        Assert.Equal([0f, 0.25f, 0.5f, 1f, 2f, 4f], options.ScoreMixCandidates);
        Assert.Equal(32, options.UserIdEmbeddingSize);
        Assert.Equal(TwoTowerTrainerDefaults.UserHistoryEmbeddingSize, options.UserHistoryEmbeddingSize);
        Assert.Equal(32, options.ItemIdEmbeddingSize);
        Assert.Equal(0.3f, options.IdDropoutRate);
        Assert.Equal(0.1f, options.ValidationFraction);
        Assert.Equal(10, options.ValidationTopK);
        Assert.Null(options.EarlyStoppingPatience);
        Assert.Null(options.Seed);
        Assert.Null(options.NumberOfThreads);
        Assert.Null(options.Progress);
        Assert.False(options.CancellationToken.CanBeCanceled);
    }

    [Fact]
    public void Ctor_TwoInstances_DoNotShareLayerSizes()
    {
        var first = new TwoTowerTrainer.Options();
        first.TowerLayerSizes[0] = 7;

        Assert.Equal(128, new TwoTowerTrainer.Options().TowerLayerSizes[0]);
    }

    [Fact]
    public void TwoTower_BatchSizeOne_ThrowsExplainingInBatchNegatives()
    {
        var ml = new MLContext(seed: 1);

        var error = Assert.Throws<ArgumentException>(() =>
            ml.Ranking.Trainers.TwoTower(new TwoTowerTrainer.Options { BatchSize = 1 }));

        Assert.Contains("BatchSize must be at least 2", error.Message);
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void TwoTower_SeveralInvalidOptions_ReportsAllInOneMessage()
    {
        var ml = new MLContext(seed: 1);
        var options = new TwoTowerTrainer.Options
        {
            LabelColumnName = "",
            TowerLayerSizes = [64, 0],
            DropoutRate = 1f,
            InitialTemperature = 5f,
            NumberOfEpochs = 0,
            BatchSize = 0,
            LearningRate = float.NaN,
            NumberOfThreads = 0,
            PositiveThreshold = float.PositiveInfinity,
            WeightAveragingEpochs = float.NaN,
        };

        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.Trainers.TwoTower(options));

        Assert.Contains("LabelColumnName must name a column", error.Message);
        Assert.Contains("TowerLayerSizes must hold positive widths; got [64, 0]", error.Message);
        Assert.Contains("DropoutRate must be in [0, 1)", error.Message);
        Assert.Contains("InitialTemperature must be in [0.01, 1]", error.Message);
        Assert.Contains("NumberOfEpochs must be at least 1", error.Message);
        Assert.Contains("BatchSize must be at least 2", error.Message);
        Assert.Contains("LearningRate must be a positive finite number", error.Message);
        Assert.Contains("NumberOfThreads must be at least 1", error.Message);
        Assert.Contains("PositiveThreshold must be a finite number", error.Message);
        Assert.Contains("WeightAveragingEpochs must be null (chosen from the data), 0 (off) or a positive finite number", error.Message);
    }

    [Fact]
    public void TwoTower_InvalidQualityOptions_ReportsEach()
    {
        var ml = new MLContext(seed: 1);
        var options = new TwoTowerTrainer.Options
        {
            SamplingBiasCorrection = (SamplingBiasCorrection)7,
            UniformNegativeCount = -1,
            ExplicitNegativeWeight = -1f,
            PairwiseRankingWeight = float.NaN,
            UserIdEmbeddingSize = -2,
            UserHistoryEmbeddingSize = -4,
            ItemIdEmbeddingSize = -3,
            IdDropoutRate = 1f,
            ValidationFraction = -0.1f,
            ValidationTopK = 0,
            EarlyStoppingPatience = 0,
        };

        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.Trainers.TwoTower(options));

        Assert.Contains("SamplingBiasCorrection must be None, ExactCounts or Streaming; got 7", error.Message);
        Assert.Contains("UniformNegativeCount must be 0 (off) or more; got -1", error.Message);
        Assert.Contains("ExplicitNegativeWeight must be 0 (off) or a positive finite number; got -1", error.Message);
        Assert.Contains("PairwiseRankingWeight must be 0 (off) or a positive finite number; got NaN", error.Message);
        Assert.Contains("UserIdEmbeddingSize must be 0 (off) or more; got -2", error.Message);
        Assert.Contains("UserHistoryEmbeddingSize must be 0 (off) or more; got -4", error.Message);
        Assert.Contains("ItemIdEmbeddingSize must be 0 (off) or more; got -3", error.Message);
        Assert.Contains("IdDropoutRate must be in [0, 1); got 1", error.Message);
        Assert.Contains("ValidationFraction must be in [0, 1); got -0.1", error.Message);
        Assert.Contains("ValidationTopK must be at least 1", error.Message);
        Assert.Contains("EarlyStoppingPatience must be at least 1", error.Message);
    }

    [Fact]
    public void TwoTower_NoFeaturesAndNoIdEmbedding_ThrowsTowerReadsNothing()
    {
        var ml = new MLContext(seed: 1);
        var options = new TwoTowerTrainer.Options { UserFeaturesColumnName = null, UserIdEmbeddingSize = 0 };

        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.Trainers.TwoTower(options));

        Assert.Contains("The user tower reads nothing", error.Message);
        Assert.DoesNotContain("item tower", error.Message);
    }

    [Fact]
    public void TwoTower_EmptyLayerSizes_ThrowsAskingForEmbeddingWidth()
    {
        var ml = new MLContext(seed: 1);

        var error = Assert.Throws<ArgumentException>(() =>
            ml.Ranking.Trainers.TwoTower(new TwoTowerTrainer.Options { TowerLayerSizes = [] }));

        Assert.Contains("TowerLayerSizes must list at least one layer width", error.Message);
    }

    [Fact]
    public void TwoTower_ColumnNameOverload_AppliesNamesAndKnobs()
    {
        var ml = new MLContext(seed: 1);

        var trainer = ml.Ranking.Trainers.TwoTower("U", "I", "UF", "IF", "Rating", numberOfEpochs: 3, batchSize: 64, learningRate: 0.01f);

        // The overload's settings surface in the schema check, which names the columns it looks for.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            trainer.GetOutputSchema(new SchemaShape(Array.Empty<SchemaShape.Column>())));
        foreach (var name in new[] { "'U'", "'I'", "'UF'", "'IF'", "'Rating'" })
            Assert.Contains(name, error.Message);
    }
}
