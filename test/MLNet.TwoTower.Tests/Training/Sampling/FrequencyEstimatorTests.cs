using MLNet.TwoTower.Training.Sampling;

namespace MLNet.TwoTower.Tests.Training.Sampling;

public class FrequencyEstimatorTests
{
    [Fact]
    public void Counting_ProbabilityIsBatchSizeTimesShareOfPositives()
    {
        // Positives name item 1 three times and item 2 once (4 in all); batches of 1:
        // p(1) = 1·3/4 = 0.75, p(2) = 1·1/4 = 0.25, item 3 never seen gets the one-occurrence floor 0.25.
        var estimator = new CountingFrequencyEstimator(new[] { 1, 1, 1, 2 }, keyCount: 3, batchSize: 1);
        Assert.Equal(0.75f, estimator.Probability(1), 6);
        Assert.Equal(0.25f, estimator.Probability(2), 6);
        Assert.Equal(0.25f, estimator.Probability(3), 6);
    }

    [Fact]
    public void Counting_ProbabilityIsCappedAtOne()
    {
        // Batch 8 over 4 positives: item 1 would get 8·3/4 = 6, which is not a probability.
        var estimator = new CountingFrequencyEstimator(new[] { 1, 1, 1, 2 }, keyCount: 2, batchSize: 8);
        Assert.Equal(1f, estimator.Probability(1));
    }

    [Fact]
    public void Counting_NoPositives_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CountingFrequencyEstimator(ReadOnlySpan<int>.Empty, 3, 4));
    }

    [Fact]
    public void Streaming_ConvergesToOneOverTheGapBetweenSightings()
    {
        // Item 1 appears at every step, item 2 every 5th step: the moving-average gaps tend to 1 and 5.
        var estimator = new StreamingFrequencyEstimator(buckets: 1024, hashFunctions: 2, learningRate: 0.05f);
        for (long step = 0; step < 2000; step++)
            estimator.Observe(step % 5 == 0 ? new[] { 1, 2 } : new[] { 1 }, step);
        Assert.InRange(estimator.Probability(1), 0.95f, 1f);
        Assert.InRange(estimator.Probability(2), 0.19f, 0.21f);
    }

    [Fact]
    public void Streaming_DuplicateWithinOneBatch_DoesNotShrinkTheGap()
    {
        // Item 7 is seen twice in each batch, every 4th step: a second sighting in the same step would add a
        // gap of 0 and drag the estimate towards p = 1; it must stay near 1/4.
        var estimator = new StreamingFrequencyEstimator(buckets: 64, hashFunctions: 1, learningRate: 0.1f);
        for (long step = 0; step < 1000; step += 4)
            estimator.Observe(new[] { 7, 7 }, step);
        Assert.InRange(estimator.Probability(7), 0.24f, 0.26f);
    }

    [Fact]
    public void Streaming_UnseenItem_GetsTheInitialGapsProbability()
    {
        var estimator = new StreamingFrequencyEstimator(buckets: 16, initialGap: 50f);
        Assert.Equal(1f / 50f, estimator.Probability(3), 6);
    }

    [Theory]
    [InlineData(0, 2, 0.01f, 10f)]
    [InlineData(8, 0, 0.01f, 10f)]
    [InlineData(8, 2, 0f, 10f)]
    [InlineData(8, 2, 1.5f, 10f)]
    [InlineData(8, 2, 0.01f, 0.5f)]
    public void Streaming_InvalidSettings_Throw(int buckets, int functions, float rate, float gap)
    {
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new StreamingFrequencyEstimator(buckets, functions, rate, gap));
    }
}
