using MLNet.TwoTower.Modeling;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Modeling;

[Collection(TorchCollection.Name)]
public class TowerTests
{
    private static TowerArchitecture Architecture(bool activateOutput = false, bool normalize = true) =>
        new(FeatureSize: 5, LayerSizes: [7, 4], DropoutRate: 0.2f, LeakyReluSlope: 0.01f,
            ActivateOutputLayer: activateOutput, NormalizeOutput: normalize, BatchNormEpsilon: 1e-5f);

    [Fact]
    public void Forward_Batch_OutputsEmbeddingWidthWithUnitNorm()
    {
        manual_seed(1);
        using var tower = new Tower("user_tower", Architecture());
        using var input = randn(6, 5);

        using var output = tower.forward(input);
        using var norms = output.norm(1);

        Assert.Equal(new long[] { 6, 4 }, output.shape);
        Assert.All(norms.data<float>().ToArray(), norm => Assert.Equal(1f, norm, 5));
    }

    [Fact]
    public void Forward_NormalizationOff_KeepsRawLengths()
    {
        manual_seed(1);
        using var tower = new Tower("user_tower", Architecture(normalize: false));
        using var input = randn(6, 5);

        using var output = tower.forward(input);
        using var norms = output.norm(1);

        Assert.Contains(norms.data<float>().ToArray(), norm => Math.Abs(norm - 1f) > 1e-3f);
    }

    [Fact]
    public void ExportWeights_DefaultArchitecture_HiddenLayersActivatedOutputLayerPlain()
    {
        using var tower = new Tower("item_tower", Architecture());

        var weights = tower.ExportWeights();

        Assert.Equal(5, weights.FeatureSize);
        Assert.Equal(4, weights.OutputSize);
        Assert.True(weights.L2Normalize);
        Assert.Collection(weights.Layers,
            hidden =>
            {
                Assert.Equal((5, 7), (hidden.InputSize, hidden.OutputSize));
                Assert.Equal(7 * 5, hidden.Weight.Length);
                Assert.NotNull(hidden.BatchNorm);
                Assert.True(hidden.Activation);
            },
            output =>
            {
                Assert.Equal((7, 4), (output.InputSize, output.OutputSize));
                Assert.Null(output.BatchNorm);
                Assert.False(output.Activation);
            });
    }

    [Fact]
    public void ExportWeights_ActivateOutputLayer_OutputLayerGetsBatchNormAndActivation()
    {
        using var tower = new Tower("item_tower", Architecture(activateOutput: true));

        var output = tower.ExportWeights().Layers[^1];

        Assert.NotNull(output.BatchNorm);
        Assert.True(output.Activation);
    }

    [Fact]
    public void ExportWeights_AfterTrainingSteps_ReproduceEvalModeForward()
    {
        // Exported weights are what persistence turns into ONNX: applying them by hand (row-major [out, in] weights,
        // inference-form batch norm, LeakyReLU, L2 norm) must give what TorchSharp computes in eval mode.
        manual_seed(3);
        using var tower = new Tower("user_tower", Architecture());
        using (var optimizer = optim.Adam(tower.parameters(), lr: 0.05))
        {
            tower.train();
            for (var step = 0; step < 5; step++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = tower.forward(randn(8, 5)).select(1, 0).sum();
                loss.backward();
                optimizer.step();
            }
        }
        tower.eval();
        using var input = randn(3, 5);
        using var expected = tower.forward(input);

        var weights = tower.ExportWeights();
        var x = input.data<float>().ToArray();
        var actual = new float[3][];
        for (var row = 0; row < 3; row++)
            actual[row] = Apply(weights, x.AsSpan(row * 5, 5).ToArray());

        var expectedValues = expected.data<float>().ToArray();
        for (var row = 0; row < 3; row++)
            for (var k = 0; k < 4; k++)
                Assert.Equal(expectedValues[row * 4 + k], actual[row][k], 4);
    }

    private static float[] Apply(TowerWeights tower, float[] input)
    {
        var x = input;
        foreach (var layer in tower.Layers)
        {
            var y = new float[layer.OutputSize];
            for (var o = 0; o < layer.OutputSize; o++)
            {
                double sum = layer.Bias[o];
                for (var i = 0; i < layer.InputSize; i++)
                    sum += layer.Weight[o * layer.InputSize + i] * x[i];
                if (layer.BatchNorm is { } bn)
                    sum = (sum - bn.RunningMean[o]) / Math.Sqrt(bn.RunningVariance[o] + bn.Epsilon) * bn.Scale[o] + bn.Shift[o];
                if (layer.Activation && sum < 0)
                    sum *= tower.LeakyReluSlope;
                y[o] = (float)sum;
            }
            x = y;
        }
        if (tower.L2Normalize)
        {
            var norm = MathF.Sqrt(x.Sum(v => v * v));
            x = x.Select(v => v / norm).ToArray();
        }
        return x;
    }
}
