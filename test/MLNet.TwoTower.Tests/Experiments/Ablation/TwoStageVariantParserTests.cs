using MLNet.TwoTower.Experiments.Ablation;

namespace MLNet.TwoTower.Tests.Experiments.Ablation;

public class TwoStageVariantParserTests
{
    [Fact]
    public void Parse_SetsEachNamedOptionOnTopOfTheDefaults()
    {
        var variant = TwoStageVariantParser.Parse("lean: RefitTowersOnAllData=false; FeatureGroups=Scores,ItemStatistics; LearningRate=0.1; ColdItemStatisticsFraction=0.2; Reranker=FastTree");
        var options = new TwoStageTrainer.Options();
        variant.Configure(options);

        Assert.Equal("lean", variant.Name);
        Assert.False(options.RefitTowersOnAllData);
        Assert.Equal(RerankFeatureGroups.Scores | RerankFeatureGroups.ItemStatistics, options.FeatureGroups);
        Assert.Equal(0.1, options.LearningRate);
        Assert.Equal(0.2f, options.ColdItemStatisticsFraction);
        Assert.Equal(RerankerTrainer.FastTree, options.Reranker);
        Assert.Equal(TwoStageTrainerDefaults.NumberOfTrees, options.NumberOfTrees);
    }

    [Fact]
    public void Parse_BadOptions_ReportsEveryProblemAtOnce()
    {
        var error = Assert.Throws<FormatException>(() => TwoStageVariantParser.Parse("x:NoSuchOption=1;NumberOfTrees=many;Towers=1;FeatureGroups=Sparkle"));

        Assert.Contains("'NoSuchOption' is not a settable option", error.Message);
        Assert.Contains("NumberOfTrees: cannot read 'many'", error.Message);
        Assert.Contains("'Towers' is not a settable option", error.Message);
        Assert.Contains("FeatureGroups: cannot read 'Sparkle'", error.Message);
    }
}
