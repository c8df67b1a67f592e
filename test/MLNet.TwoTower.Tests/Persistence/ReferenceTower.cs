using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower.Tests.Persistence;

/// <summary>
/// The tower's forward pass written out plainly in float, as the test oracle for the ONNX graphs:
/// [features ‖ table[key]] → (x·Wᵀ + b → (x − mean)/√(var + ε)·γ + β → LeakyReLU)* → x / max(‖x‖, 1e-12).
/// </summary>
internal static class ReferenceTower
{
    public static float[] Forward(TowerWeights tower, float[] features, long key)
    {
        var x = features.ToList();
        if (tower.IdEmbedding is { } ids)
        {
            var row = key >= 0 && key < ids.Rows ? key : 0; // missing (0), unseen or negative keys read row 0
            x.AddRange(ids.Table.Skip((int)row * ids.Dimension).Take(ids.Dimension));
        }
        var values = x.ToArray();
        foreach (var layer in tower.Layers)
        {
            var y = new float[layer.OutputSize];
            for (var o = 0; o < layer.OutputSize; o++)
            {
                var sum = layer.Bias[o];
                for (var k = 0; k < layer.InputSize; k++)
                    sum += layer.Weight[o * layer.InputSize + k] * values[k];
                if (layer.BatchNorm is { } bn)
                    sum = (sum - bn.RunningMean[o]) / MathF.Sqrt(bn.RunningVariance[o] + bn.Epsilon) * bn.Scale[o] + bn.Shift[o];
                if (layer.Activation && sum < 0)
                    sum *= tower.LeakyReluSlope;
                y[o] = sum;
            }
            values = y;
        }
        if (tower.L2Normalize)
        {
            var norm = MathF.Sqrt(values.Sum(v => v * v));
            values = values.Select(v => v / MathF.Max(norm, 1e-12f)).ToArray();
        }
        return values;
    }
}
