using MLNet.TwoTower.Training.Sampling;

namespace MLNet.TwoTower.Tests.Training.Sampling;

public class LogQCorrectionTests
{
    [Fact]
    public void Offsets_SubtractLogProbability_SoRareItemsGainMoreThanPopularOnes()
    {
        // Regression guard for the sign (adding log p instead is a known bug elsewhere).
        // Item 1 is popular (p = 0.5), item 2 rare (p = 0.01):
        //   offset(1) = −ln 0.5 = 0.6931, offset(2) = −ln 0.01 = 4.6052.
        // Two raw logits of 2.0 (popular) and 1.0 (rare) become 2.6931 and 5.6052: the rare item now wins,
        // because the in-batch softmax had been penalising the popular one in proportion to how often it is drawn.
        var estimator = new FixedEstimator(new Dictionary<int, float> { [1] = 0.5f, [2] = 0.01f });
        var offsets = LogQCorrection.Offsets(estimator, new[] { 1, 2 });
        Assert.Equal(0.693147f, offsets[0], 5);
        Assert.Equal(4.605170f, offsets[1], 5);
        Assert.True(2.0f + offsets[0] < 1.0f + offsets[1]);
    }

    [Fact]
    public void UniformOffset_IsMinusLogOfSampledShareOfCatalog()
    {
        // 10 uniform draws over 1000 items: q = 0.01, offset = −ln 0.01 = 4.6052.
        Assert.Equal(4.605170f, LogQCorrection.UniformOffset(10, 1000), 5);
        // More draws than items: every item is sampled, q = 1, no correction.
        Assert.Equal(0f, LogQCorrection.UniformOffset(50, 20));
    }

    private sealed class FixedEstimator(Dictionary<int, float> probabilities) : IItemFrequencyEstimator
    {
        public void Observe(ReadOnlySpan<int> itemKeys, long step) { }
        public float Probability(int itemKey) => probabilities[itemKey];
    }
}
