using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower.Tests.Persistence;

/// <summary>
/// The tower's forward pass written out plainly in float, as the test oracle for the ONNX graphs:
/// [features ‖ table[key]] → (x·Wᵀ + b → (x − mean)/√(var + ε)·γ + β → LeakyReLU)* → z = x / max(‖x‖, 1e-12),
/// then, with an augmentation, [scale·z ‖ head(last layer's input)·W + b].
/// </summary>
internal static class ReferenceTower
{
    /// <param name="ranking">The user tower's ranking vector instead of its embedding.</param>
    public static float[] Forward(TowerWeights tower, float[] features, long key, bool ranking = false)
    {
        var x = features.ToList();
        if (tower.IdEmbedding is { } ids)
        {
            var row = key >= 0 && key < ids.Rows ? key : 0; // missing (0), unseen or negative keys read row 0
            x.AddRange(ids.Table.Skip((int)row * ids.Dimension).Take(ids.Dimension));
        }
        var values = x.ToArray();
        var lastInput = values;
        foreach (var layer in tower.Layers)
        {
            lastInput = values;
            values = Layer(tower, layer, values);
        }
        if (tower.L2Normalize)
        {
            var norm = MathF.Sqrt(values.Sum(v => v * v));
            values = values.Select(v => v / MathF.Max(norm, 1e-12f)).ToArray();
        }
        var augmentation = ranking ? tower.RankingAugmentation : tower.RetrievalAugmentation;
        if (augmentation is null)
            return values;
        var head = tower.Head is null ? [] : Layer(tower, tower.Head, lastInput);
        var extras = new float[augmentation.ExtraSize];
        var prior = tower.KeyPrior is { } priors ? priors[key >= 0 && key < priors.Length ? key : 0] : 0f;
        for (var e = 0; e < extras.Length; e++)
        {
            extras[e] = augmentation.ExtraBias[e];
            if (augmentation.PriorWeight.Length > 0)
                extras[e] += prior * augmentation.PriorWeight[e];
            if (augmentation.ExtraWeight.Length > 0)
                for (var h = 0; h < head.Length; h++)
                    extras[e] += head[h] * augmentation.ExtraWeight[h * extras.Length + e];
        }
        return [.. values.Select(v => v * augmentation.EmbeddingScale), .. extras];
    }

    private static float[] Layer(TowerWeights tower, DenseLayerWeights layer, float[] values)
    {
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
            return y;
        }
    }
}
