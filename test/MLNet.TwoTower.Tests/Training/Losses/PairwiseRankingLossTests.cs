using MLNet.TwoTower.Training.Losses;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Training.Losses;

public class PairwiseRankingLossTests
{
    [Fact]
    public void Compute_TwoPairs_MatchesHandComputedValue()
    {
        // τ = 0.5. Pair 0: user (1, 0), liked (1, 0) → 1, disliked (0, 1) → 0: softplus((0 − 1) / 0.5) = ln(1 + e^−2)
        // = 0.126928. Pair 1: user (0, 1), liked (0.6, 0.8) → 0.8, disliked (0, 1) → 1: the disliked item wins, so
        // softplus((1 − 0.8) / 0.5) = ln(1 + e^0.4) = 0.913015. Mean 0.519972.
        using var users = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var liked = tensor(new float[] { 1, 0, 0.6f, 0.8f }, [2, 2]);
        using var disliked = tensor(new float[] { 0, 1, 0, 1 }, [2, 2]);
        using var temperature = tensor(0.5f);

        using var loss = PairwiseRankingLoss.Compute(users, liked, disliked, temperature);

        Assert.Equal(0.519972f, loss.item<float>(), 5);
    }

    [Fact]
    public void Compute_LikedFarAboveDisliked_IsNearZero()
    {
        using var users = tensor(new float[] { 1, 0 }, [1, 2]);
        using var liked = tensor(new float[] { 1, 0 }, [1, 2]);
        using var disliked = tensor(new float[] { -1, 0 }, [1, 2]);
        using var temperature = tensor(0.05f);

        using var loss = PairwiseRankingLoss.Compute(users, liked, disliked, temperature);

        Assert.True(loss.item<float>() < 1e-6f);
    }

    [Fact]
    public void Compute_MismatchedShapes_ThrowsNamingTheShapes()
    {
        using var users = tensor(new float[] { 1, 0 }, [1, 2]);
        using var items = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var temperature = tensor(1f);

        var error = Assert.Throws<ArgumentException>(() => PairwiseRankingLoss.Compute(users, items, items, temperature));
        Assert.Contains("[1, 2]", error.Message);
    }
}
