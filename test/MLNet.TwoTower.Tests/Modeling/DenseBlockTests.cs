using MLNet.TwoTower.Modeling;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Modeling;

[Collection(TorchCollection.Name)]
public class DenseBlockTests
{
    private static float[] InitialWeights(int seed, int globalSeed)
    {
        manual_seed(globalSeed);
        using var random = new NetworkRandomness(seed, CPU);
        using var block = new DenseBlock(6, 4, normalizeAndActivate: true, 0.01f, 0.2f, 1e-5f, random);
        var weights = block.ExportWeights();
        return weights.Weight.Concat(weights.Bias).ToArray();
    }

    [Fact]
    public void Ctor_SameSeedDifferentGlobalState_SameWeights()
    {
        // Regression: TorchSharp 0.107.0's nn.init.uniform_ ignores its generator, which made the initial weights depend
        // on the global generator's state.
        Assert.Equal(InitialWeights(seed: 3, globalSeed: 1), InitialWeights(seed: 3, globalSeed: 2));
    }

    [Fact]
    public void Ctor_DifferentSeed_DifferentWeights()
    {
        Assert.NotEqual(InitialWeights(seed: 3, globalSeed: 1), InitialWeights(seed: 4, globalSeed: 1));
    }

    [Fact]
    public void Ctor_SeededInitialisation_FollowsLinearDefaultBound()
    {
        // torch.nn.Linear draws weights and bias from U(−1/√fan_in, 1/√fan_in); fan_in = 6 → bound ≈ 0.408.
        var values = InitialWeights(seed: 3, globalSeed: 1);

        Assert.All(values, v => Assert.InRange(v, -1 / MathF.Sqrt(6), 1 / MathF.Sqrt(6)));
    }
}
