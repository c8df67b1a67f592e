using MLNet.TwoTower.Training.Losses;
using MLNet.TwoTower.Training.Sampling;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Training.Losses;

public class RetrievalTaskTests
{
    [Fact]
    public void Loss_LogQCorrection_MatchesHandComputedValue()
    {
        // U = [[1, 0], [0, 1]], I = [[0.6, 0.8], [0, 1]], τ = 0.5 → raw logits row 0 = [1.2, 0], row 1 = [1.6, 2].
        // Item keys [1, 2] with p = 0.5 and 0.1 → column offsets −ln p = [0.693147, 2.302585].
        // row 0: [1.893147, 2.302585] → log(1 + e^(2.302585 − 1.893147)) = log(1 + e^0.409438) = 0.918680
        // row 1: [2.293147, 4.302585] → log(1 + e^(2.293147 − 4.302585)) = log(1 + e^−2.009438) = 0.125804
        // mean = 0.522242 (without the correction it would be 0.388149, see InfoNceLossTests).
        var task = new RetrievalTask(new FixedFrequencies(new() { [1] = 0.5f, [2] = 0.1f }), removeAccidentalHits: false,
            catalogSize: 2);
        using var users = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var items = tensor(new float[] { 0.6f, 0.8f, 0, 1 }, [2, 2]);
        using var temperature = tensor(0.5f);

        using var loss = task.Loss(users, items, temperature, [1, 2], []);

        Assert.Equal(0.522242f, loss.item<float>(), 5);
    }

    [Fact]
    public void Loss_DuplicateItemInBatch_MasksAccidentalHit()
    {
        // Keys [7, 7, 9]: rows 0 and 1 share item 7, so column 1 is not a negative for row 0 and column 0 not for row 1.
        // U = [[1, 0], [0, 1], [1, 1]], I = [[1, 0], [0, 1], [0.5, 0.5]], τ = 1:
        // logits row 0 = [1, 0, 0.5], row 1 = [0, 1, 0.5], row 2 = [1, 1, 1].
        // row 0 without column 1: log(1 + e^(0.5 − 1)) = 0.474077; row 1 likewise 0.474077; row 2: log 3 = 1.098612.
        // mean = 0.682255 (unmasked it would be 0.819717).
        var task = new RetrievalTask(null, removeAccidentalHits: true, catalogSize: 3);
        using var users = tensor(new float[] { 1, 0, 0, 1, 1, 1 }, [3, 2]);
        using var items = tensor(new float[] { 1, 0, 0, 1, 0.5f, 0.5f }, [3, 2]);
        using var temperature = tensor(1f);

        using var loss = task.Loss(users, items, temperature, [7, 7, 9], []);

        Assert.Equal(0.682255f, loss.item<float>(), 5);
    }

    [Fact]
    public void Loss_AccidentalHitsOff_KeepsDuplicateAsNegative()
    {
        // Same batch as above without the mask: row 0 = log(1 + e^−1 + e^−0.5) = 0.680270, row 1 likewise,
        // row 2 = log 3; mean = 0.819717.
        var task = new RetrievalTask(null, removeAccidentalHits: false, catalogSize: 3);
        using var users = tensor(new float[] { 1, 0, 0, 1, 1, 1 }, [3, 2]);
        using var items = tensor(new float[] { 1, 0, 0, 1, 0.5f, 0.5f }, [3, 2]);
        using var temperature = tensor(1f);

        using var loss = task.Loss(users, items, temperature, [7, 7, 9], []);

        Assert.Equal(0.819717f, loss.item<float>(), 5);
    }

    [Fact]
    public void Loss_UniformNegative_GetsUniformLogQOffset()
    {
        // One sampled negative [0.5, 0.5] from a catalogue of 4 → offset −ln(1/4) = 1.386294; in-batch p = 1 → 0.
        // U = I[0..2] = identity, τ = 1: row 0 logits [1, 0, 0.5 + 1.386294] →
        // log(e^1 + e^0 + e^1.886294) − 1 = log(1 + e^−1 + e^0.886294) = log(3.794002) = 1.333421; row 1 the same.
        var task = new RetrievalTask(new FixedFrequencies(new() { [1] = 1f, [2] = 1f }), removeAccidentalHits: true,
            catalogSize: 4);
        using var users = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var candidates = tensor(new float[] { 1, 0, 0, 1, 0.5f, 0.5f }, [3, 2]);
        using var temperature = tensor(1f);

        using var loss = task.Loss(users, candidates, temperature, [1, 2], [3]);

        Assert.Equal(1.333421f, loss.item<float>(), 5);
    }

    [Fact]
    public void Loss_SampledNegativeIsRowsPositive_MaskedForThatRowOnly()
    {
        // The sampled item is key 1, row 0's positive: masked for row 0, a negative for row 1 (no correction, τ = 1).
        // row 0 logits [1, 0, (1)] → log(1 + e^−1) = 0.313262; row 1 logits [0, 1, 0.5] → log(1 + e^−1 + e^−0.5) =
        // 0.680270; mean = 0.496766.
        var task = new RetrievalTask(null, removeAccidentalHits: true, catalogSize: 4);
        using var users = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var candidates = tensor(new float[] { 1, 0, 0, 1, 1, 0.5f }, [3, 2]);
        using var temperature = tensor(1f);

        using var loss = task.Loss(users, candidates, temperature, [1, 2], [1]);

        Assert.Equal(0.496766f, loss.item<float>(), 5);
    }

    [Fact]
    public void Loss_ExplicitNegative_JoinsOnlyItsOwnRowsSoftmax()
    {
        // Row 0's user disliked item 5 ([0.5, 0.5]); U = I[0..2] = identity, τ = 1, no correction:
        // row 0 logits [1, 0, 0.5] → log(1 + e^−1 + e^−0.5) = 0.680270;
        // row 1 logits [0, 1, (masked)] → log(1 + e^−1) = 0.313262; mean = 0.496766.
        var task = new RetrievalTask(null, removeAccidentalHits: true, catalogSize: 5);
        var loss = ExplicitNegativeBatchLoss(task);

        Assert.Equal(0.496766f, loss, 5);
    }

    [Fact]
    public void Loss_ExplicitNegativeWeight_CountsTheNegativeThatManyTimes()
    {
        // As above with weight 4 (logit + ln 4): row 0 = log(1 + e^−1 + 4·e^−0.5) = log(3.794002) = 1.333421;
        // row 1 = 0.313262; mean = 0.823342.
        var task = new RetrievalTask(null, removeAccidentalHits: false, catalogSize: 5, explicitNegativeWeight: 4f);
        var loss = ExplicitNegativeBatchLoss(task);

        Assert.Equal(0.823342f, loss, 5);
    }

    [Fact]
    public void Loss_ExplicitNegative_GetsItsOwnLogQCorrection()
    {
        // In-batch items p = 1 (offset 0); the explicit negative, key 5, p = 0.25 → offset −ln 0.25 = ln 4, the same
        // logits as the weight-4 case above: mean = 0.823342.
        var task = new RetrievalTask(new FixedFrequencies(new() { [1] = 1f, [2] = 1f, [5] = 0.25f }), removeAccidentalHits: true,
            catalogSize: 5);
        var loss = ExplicitNegativeBatchLoss(task);

        Assert.Equal(0.823342f, loss, 5);
    }

    [Fact]
    public void Loss_PairwiseWeight_AddsTheWeightedRankingTerm()
    {
        // The softmax part is the 0.496766 of the test above; row 0's pair: liked (1, 0) → 1, disliked (0.5, 0.5) →
        // 0.5, τ = 1 → softplus(0.5 − 1) = 0.474077. Total with weight 2: 0.496766 + 0.948154 = 1.444920.
        var task = new RetrievalTask(null, removeAccidentalHits: false, catalogSize: 5, explicitNegativeWeight: 1f, pairwiseWeight: 2f);
        var loss = ExplicitNegativeBatchLoss(task);

        Assert.Equal(1.444920f, loss, 5);
    }

    [Fact]
    public void Loss_ExplicitWeightZero_KeepsTheNegativeOutOfTheSoftmaxButInThePairwiseTerm()
    {
        // Both rows' softmax without the explicit column: log(1 + e^−1) = 0.313262 each; pairwise 0.474077 (weight 1).
        // Total 0.787339.
        var task = new RetrievalTask(null, removeAccidentalHits: false, catalogSize: 5, explicitNegativeWeight: 0f, pairwiseWeight: 1f);
        var loss = ExplicitNegativeBatchLoss(task);

        Assert.Equal(0.787339f, loss, 5);
    }

    [Fact]
    public void Loss_ExplicitRowsAndKeysOfDifferentLength_Throws()
    {
        var task = new RetrievalTask(null, removeAccidentalHits: false, catalogSize: 5);
        using var users = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var candidates = tensor(new float[] { 1, 0, 0, 1, 0.5f, 0.5f }, [3, 2]);
        using var temperature = tensor(1f);

        var error = Assert.Throws<ArgumentException>(() =>
            task.Loss(users, candidates, temperature, [1, 2], [], explicitRows: [0, 1], explicitKeys: [5]));
        Assert.Contains("batch row", error.Message);
    }

    [Fact]
    public void Loss_StreamingEstimator_ObservesEveryBatch()
    {
        var estimator = new StreamingFrequencyEstimator(buckets: 64, learningRate: 0.5f, initialGap: 100f);
        var task = new RetrievalTask(estimator, removeAccidentalHits: false, catalogSize: 2);
        using var users = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var items = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var temperature = tensor(1f);

        // Key 1 shows up at steps 0 and 1: its gap becomes 0.5·100 + 0.5·1 = 50.5, so p = 1/50.5.
        for (var step = 0; step < 2; step++)
            task.Loss(users, items, temperature, [1, 2], []).Dispose();

        Assert.Equal(1f / 50.5f, estimator.Probability(1), 5);
    }

    /// <summary>
    /// The batch of the explicit-negative tests: users = identity, positives = identity, one explicit negative
    /// (0.5, 0.5), key 5, belonging to row 0; positive keys [1, 2]; τ = 1.
    /// </summary>
    private static float ExplicitNegativeBatchLoss(RetrievalTask task)
    {
        using var users = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var candidates = tensor(new float[] { 1, 0, 0, 1, 0.5f, 0.5f }, [3, 2]);
        using var temperature = tensor(1f);
        using var loss = task.Loss(users, candidates, temperature, [1, 2], [], explicitRows: [0], explicitKeys: [5]);
        return loss.item<float>();
    }

    private sealed class FixedFrequencies(Dictionary<int, float> probabilities) : IItemFrequencyEstimator
    {
        public void Observe(ReadOnlySpan<int> itemKeys, long step)
        {
        }

        public float Probability(int itemKey) => probabilities[itemKey];
    }
}
