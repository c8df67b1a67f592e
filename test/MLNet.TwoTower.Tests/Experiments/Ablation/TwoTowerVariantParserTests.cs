using MLNet.TwoTower.Experiments.Ablation;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Tests.Experiments.Ablation;

public class TwoTowerVariantParserTests
{
    [Fact]
    public void Parse_SetsEachNamedOptionOnTopOfTheDefaults()
    {
        var variant = TwoTowerVariantParser.Parse("wide: TowerLayerSizes=256,64; UniformNegativeCount=512; samplingbiascorrection=Streaming; LearnTemperature=false; InitialTemperature=0.1; PopularityPriorWeightCandidates=0,0.15; WeightAveragingEpochs=null; +mf");
        var options = new TwoTowerTrainer.Options();
        variant.Configure(options);

        Assert.Equal("wide", variant.Name);
        Assert.Equal([256, 64], options.TowerLayerSizes);
        Assert.Equal(512, options.UniformNegativeCount);
        Assert.Equal(SamplingBiasCorrection.Streaming, options.SamplingBiasCorrection);
        Assert.False(options.LearnTemperature);
        Assert.Equal(0.1f, options.InitialTemperature);
        Assert.Equal([0f, 0.15f], options.PopularityPriorWeightCandidates);
        Assert.Null(options.WeightAveragingEpochs);
        Assert.True(variant.MatrixFactorizationFeatures);
        Assert.Equal(new TwoTowerTrainer.Options().BatchSize, options.BatchSize);
    }

    [Fact]
    public void Parse_NameOnly_IsTheLibraryDefault()
    {
        var variant = TwoTowerVariantParser.Parse("plain");

        Assert.Equal("plain", variant.Name);
        Assert.False(variant.MatrixFactorizationFeatures);
    }

    [Fact]
    public void Parse_BadOptions_ReportsEveryProblemAtOnce()
    {
        var error = Assert.Throws<FormatException>(() => TwoTowerVariantParser.Parse("x:NoSuchOption=1;BatchSize=many;Progress=1;oops"));

        Assert.Contains("'NoSuchOption' is not a settable option", error.Message);
        Assert.Contains("BatchSize: cannot read 'many'", error.Message);
        Assert.Contains("'Progress' is not a settable option", error.Message);
        Assert.Contains("'oops' is not Option=value", error.Message);
    }
}
