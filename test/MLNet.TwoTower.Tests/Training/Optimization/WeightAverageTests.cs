using MLNet.TwoTower.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Training.Optimization;

/// <summary>The moving average of a module's weights: its arithmetic, the swap in and out, and batch-norm statistics.</summary>
public sealed class WeightAverageTests
{
    [Fact]
    public void Update_ThreeSteps_MatchesTheWarmedUpExponentialAverage()
    {
        using var module = nn.Linear(1, 1, hasBias: false);
        var weight = module.weight!;
        Set(weight, 0f);
        using var average = new WeightAverage(module, decay: 0.9);
        var expected = 0.0; // the initial weight
        foreach (var (step, value) in new[] { (1, 10f), (2, 20f), (3, 30f) })
        {
            Set(weight, value);
            average.Update();
            // TensorFlow's warm-up: 2/11, 3/12, 4/13, all below 0.9.
            var decay = Math.Min(0.9, (1.0 + step) / (10.0 + step));
            expected = decay * expected + (1 - decay) * value;
        }

        using (average.SwapIn())
            Assert.Equal(expected, weight.item<float>(), 5);
        Assert.Equal(30f, weight.item<float>());
    }

    [Fact]
    public void SwapIn_BeforeAnyUpdate_KeepsTheLiveWeights()
    {
        using var module = nn.Linear(1, 1, hasBias: false);
        Set(module.weight!, 3f);
        using var average = new WeightAverage(module, decay: 0.9);
        using (average.SwapIn())
            Assert.Equal(3f, module.weight!.item<float>());
    }

    [Fact]
    public void SwapIn_BatchNormStatistics_AreAveragedTooAndRestored()
    {
        using var module = nn.BatchNorm1d(2);
        using var average = new WeightAverage(module, decay: 0.5);
        var runningMean = module.running_mean!;
        module.train();
        var states = new List<float[]>();
        foreach (var batch in new[] { new float[] { 4, 8, 6, 10 }, [40, 80, 60, 100] })
        {
            using (var x = tensor(batch, [2, 2]))
                module.forward(x).Dispose();
            average.Update();
            states.Add(runningMean.data<float>().ToArray());
        }

        using (average.SwapIn())
        {
            // Warm-up decays 2/11 then 3/12 (below 0.5), from the initial running mean 0.
            var expected = states[0].Zip(states[1], (first, second) => 0.25f * (9f / 11f * first) + 0.75f * second);
            Assert.Equal(expected, runningMean.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-4f);
        }
        Assert.Equal(states[1], runningMean.data<float>().ToArray());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Constructor_DecayOutsideTheUnitInterval_IsRefused(double decay)
    {
        using var module = nn.Linear(1, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightAverage(module, decay));
    }

    [Fact]
    public void DecayFor_OneEpochOfFiftySteps_SpansFiftySteps()
    {
        Assert.Equal(1 - 1 / 50.0, WeightAverage.DecayFor(1f, 50), 12);
        Assert.Equal(0.0, WeightAverage.DecayFor(0.001f, 50), 12);
    }

    private static void Set(Tensor parameter, float value)
    {
        using var noGrad = no_grad();
        parameter.fill_(value);
    }
}
