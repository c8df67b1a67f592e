using MLNet.TwoTower.Modeling;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Modeling;

public class SeededDropoutTests
{
    [Fact]
    public void Forward_Training_ZeroesOrScalesEveryValue()
    {
        // p = 0.25: every kept value becomes 1 / (1 − 0.25) = 4/3, every dropped one 0.
        using var generator = new Generator(7);
        using var dropout = new SeededDropout(0.25, generator);
        dropout.train();
        using var input = ones(1000);

        using var output = dropout.forward(input);

        var values = output.data<float>().ToArray();
        Assert.All(values, v => Assert.True(v == 0f || Math.Abs(v - 4f / 3f) < 1e-6f, $"{v}"));
        Assert.InRange(values.Count(v => v == 0f), 180, 320);
    }

    [Fact]
    public void Forward_SameSeed_SameMask()
    {
        float[] Mask(ulong seed)
        {
            using var generator = new Generator(seed);
            using var dropout = new SeededDropout(0.5, generator);
            dropout.train();
            using var input = ones(64);
            using var output = dropout.forward(input);
            return output.data<float>().ToArray();
        }

        Assert.Equal(Mask(3), Mask(3));
        Assert.NotEqual(Mask(3), Mask(4));
    }

    [Fact]
    public void Forward_Evaluation_IsIdentity()
    {
        using var generator = new Generator(7);
        using var dropout = new SeededDropout(0.5, generator);
        dropout.eval();
        using var input = arange(10, dtype: ScalarType.Float32);

        using var output = dropout.forward(input);

        Assert.Equal(input.data<float>().ToArray(), output.data<float>().ToArray());
    }
}
