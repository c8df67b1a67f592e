using MLNet.TwoTower.Experiments.Ablation;

namespace MLNet.TwoTower.Tests.Experiments.Ablation;

public class MetricSummaryTests
{
    [Fact]
    public void Summary_ThreeSeeds_MeanAndSampleStdByHand()
    {
        // 0.80, 0.82, 0.84: mean 0.82; squared deviations 0.0004 + 0 + 0.0004 = 0.0008; / (3 − 1) = 0.0004 → std 0.02.
        var summary = new MetricSummary([0.80, 0.82, 0.84]);

        Assert.Equal(0.82, summary.Mean!.Value, 10);
        Assert.Equal(0.02, summary.Std!.Value, 10);
        Assert.Equal("0.820 ± 0.020", summary.Format());
    }

    [Fact]
    public void Summary_OneSeed_HasZeroStd()
    {
        var summary = new MetricSummary([0.5]);

        Assert.Equal(0.5, summary.Mean);
        Assert.Equal(0, summary.Std);
    }

    [Fact]
    public void Summary_ASeedWithoutValue_HasNoMean()
    {
        // A model that cannot score a protocol (MF on cold users) has null for every seed; the mean is not 0.
        var summary = new MetricSummary([null, null]);

        Assert.Null(summary.Mean);
        Assert.Null(summary.Std);
        Assert.Equal("n/a", summary.Format());
    }
}
