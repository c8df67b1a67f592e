using MLNet.TwoTower.Training.Losses;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Training.Losses;

public class InfoNceLossTests
{
    [Fact]
    public void Compute_TinyBatch_MatchesHandComputedValue()
    {
        // U = [[1, 0], [0, 1]], I = [[0.6, 0.8], [0, 1]], τ = 0.5.
        // logits = U·Iᵀ / τ: row 0 = [0.6, 0] / 0.5 = [1.2, 0]; row 1 = [0.8, 1] / 0.5 = [1.6, 2].
        // row 0: −log(e^1.2 / (e^1.2 + e^0)) = log(1 + e^−1.2) = 0.2632825
        // row 1: −log(e^2 / (e^1.6 + e^2))   = log(1 + e^−0.4) = 0.5130153
        // mean = 0.3881489
        using var users = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var items = tensor(new float[] { 0.6f, 0.8f, 0, 1 }, [2, 2]);
        using var temperature = tensor(0.5f);

        using var loss = InfoNceLoss.Compute(users, items, temperature);

        Assert.Equal(0.3881489f, loss.item<float>(), 5);
    }

    [Fact]
    public void Compute_RandomBatch_MatchesPerRowLoop()
    {
        var (u, i) = RandomBatch(batch: 7, width: 5, seed: 3);
        using var users = tensor(u, [7, 5]);
        using var items = tensor(i, [7, 5]);
        using var temperature = tensor(0.2f);

        using var loss = InfoNceLoss.Compute(users, items, temperature);

        var expected = PerRowLoss(u, i, 7, 5, 0.2, correction: null, mask: null);
        Assert.Equal(expected, loss.item<float>(), 4);
    }

    [Fact]
    public void Compute_WithCorrectionAndMask_MatchesPerRowLoop()
    {
        var (u, i) = RandomBatch(batch: 4, width: 3, seed: 9);
        var correction = new float[] { -0.5f, 0.3f, 1.2f, 0f };
        // Row 0 ignores item 2, row 3 ignores item 1 (for example, accidental hits).
        var mask = new bool[16];
        mask[0 * 4 + 2] = true;
        mask[3 * 4 + 1] = true;
        using var users = tensor(u, [4, 3]);
        using var items = tensor(i, [4, 3]);
        using var temperature = tensor(0.1f);
        using var correctionTensor = tensor(correction);
        using var maskTensor = tensor(mask, [4, 4]);

        using var loss = InfoNceLoss.Compute(users, items, temperature, correctionTensor, maskTensor);

        var expected = PerRowLoss(u, i, 4, 3, 0.1, correction, mask);
        Assert.Equal(expected, loss.item<float>(), 4);
    }

    [Fact]
    public void Compute_PerfectlySeparatedBatch_IsNearZero()
    {
        // Identical orthonormal embeddings: the positive logit is 1/τ = 100, every negative 0, so the loss is
        // log(1 + 2·e^−100) ≈ 0.
        using var users = eye(3);
        using var items = eye(3);
        using var temperature = tensor(0.01f);

        using var loss = InfoNceLoss.Compute(users, items, temperature);

        Assert.Equal(0f, loss.item<float>(), 6);
    }

    [Fact]
    public void Compute_ShapesDiffer_ThrowsNamingBothShapes()
    {
        using var users = zeros(4, 3);
        using var items = zeros(4, 2);
        using var temperature = tensor(0.1f);

        var error = Assert.Throws<ArgumentException>(() => InfoNceLoss.Compute(users, items, temperature));

        Assert.Contains("[4, 3]", error.Message);
        Assert.Contains("[4, 2]", error.Message);
    }

    [Fact]
    public void Compute_GradientReachesTemperature()
    {
        using var users = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var items = tensor(new float[] { 0.6f, 0.8f, 0, 1 }, [2, 2]);
        using var logTemperature = tensor(MathF.Log(0.5f), requires_grad: true);
        using var temperature = logTemperature.exp();

        using var loss = InfoNceLoss.Compute(users, items, temperature);
        loss.backward();

        Assert.NotEqual(0f, logTemperature.grad!.item<float>());
    }

    private static (float[] Users, float[] Items) RandomBatch(int batch, int width, int seed)
    {
        var random = new Random(seed);
        float[] Next() => Enumerable.Range(0, batch * width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        return (Next(), Next());
    }

    /// <summary>The definition, one row at a time: −log softmax(row i)[i], averaged.</summary>
    private static float PerRowLoss(float[] u, float[] items, int batch, int width, double temperature,
        float[]? correction, bool[]? mask)
    {
        double total = 0;
        for (var r = 0; r < batch; r++)
        {
            var logits = new List<double>();
            double positive = 0;
            for (var c = 0; c < batch; c++)
            {
                double dot = 0;
                for (var k = 0; k < width; k++)
                    dot += u[r * width + k] * items[c * width + k];
                var logit = dot / temperature + (correction?[c] ?? 0);
                if (c == r)
                    positive = logit;
                if (mask is null || !mask[r * batch + c])
                    logits.Add(logit);
            }
            var max = logits.Max();
            var logSumExp = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
            total += logSumExp - positive;
        }
        return (float)(total / batch);
    }
}
