using MLNet.TwoTower.Training.Optimization;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Training.Optimization;

/// <summary>The project's Adam against TorchSharp's <c>optim.Adam</c>: the same updates, bit for bit.</summary>
public sealed class ExplicitScalarAdamTests
{
    [Fact]
    public void Step_TwentyUpdates_BitIdenticalToTorchSharpsAdam()
    {
        var (ours, theirs) = (Parameters(), Parameters());
        var inputs = Random(1, 32 * 6);
        var targets = Random(2, 32 * 3);
        using (var adam = optim.Adam(theirs, lr: 2e-3))
            Train(theirs, inputs, targets, () => adam.zero_grad(), () => adam.step());
        using (var adam = new ExplicitScalarAdam(ours, 2e-3))
            Train(ours, inputs, targets, adam.ZeroGrad, adam.Step);

        for (var p = 0; p < ours.Length; p++)
        {
            var expected = theirs[p].data<float>().ToArray();
            Assert.NotEqual(Initial(p), expected);
            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), ours[p].data<float>().ToArray().Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void Step_ParameterWithoutGradient_IsLeftAlone()
    {
        using var used = new TorchSharp.Modules.Parameter(tensor(new float[] { 1, 2 }));
        using var unused = new TorchSharp.Modules.Parameter(tensor(new float[] { 3, 4 }));
        using var adam = new ExplicitScalarAdam([used, unused], 0.1);

        using (var loss = used.sum())
            loss.backward();
        adam.Step();

        Assert.Equal([3f, 4f], unused.data<float>().ToArray());
        Assert.All(used.data<float>().ToArray().Zip([1f, 2f]), pair => Assert.True(pair.First < pair.Second));
    }

    /// <summary>A 6 → 3 linear layer (weight, bias) with fixed initial values.</summary>
    private static TorchSharp.Modules.Parameter[] Parameters() =>
        [new(tensor(Initial(0), [3, 6])), new(tensor(Initial(1), [3]))];

    private static float[] Initial(int parameter) => Random(10 + parameter, parameter == 0 ? 18 : 3);

    private static float[] Random(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1))];
    }

    private static void Train(TorchSharp.Modules.Parameter[] parameters, float[] inputs, float[] targets, Action zeroGrad, Action step)
    {
        using var x = tensor(inputs, [32, 6]);
        using var y = tensor(targets, [32, 3]);
        for (var i = 0; i < 20; i++)
        {
            using var scope = NewDisposeScope();
            zeroGrad();
            var loss = nn.functional.mse_loss(x.matmul(parameters[0].t()).add(parameters[1]), y);
            loss.backward();
            step();
        }
    }
}
