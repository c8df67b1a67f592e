using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Training;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Modeling;

/// <summary>
/// The first layer's coordinate-form product (training on sparse features) against the dense one the exported model
/// runs: same outputs, same gradients on every weight.
/// </summary>
[Collection(TorchCollection.Name)]
public class SparseFirstLayerTests
{
    private const int Keys = 6;
    private const int Width = 60;

    /// <summary>A table 3 % full: rows of two or three non-zeros, key 2 without any, row 0 (the missing key) empty.</summary>
    private static FeatureTable Table()
    {
        var table = new FeatureTable(Keys, Width);
        var random = new Random(3);
        for (var key = 1; key <= Keys; key++)
        {
            if (key == 2)
                continue;
            for (var n = 0; n < 2 + key % 2; n++)
                table.Row(key)[random.Next(Width)] = (float)(random.NextDouble() * 2 - 1);
        }
        return table;
    }

    public static TheoryData<int[], int, int> Architectures => new()
    {
        // layers, id embedding width, head outputs
        { new[] { 7, 4 }, 3, 2 },
        { new[] { 7, 4 }, 0, 0 },
        { new[] { 5 }, 3, 2 }, // one layer with a head: the head reads the dense input
        { new[] { 5 }, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Architectures))]
    public void EmbedWithHead_SparseAndDenseFeatures_SameOutputsAndGradients(int[] layers, int idWidth, int headSize)
    {
        var architecture = new TowerArchitecture(Width, layers, DropoutRate: 0f, LeakyReluSlope: 0.01f,
            ActivateOutputLayer: false, NormalizeOutput: true, BatchNormEpsilon: 1e-5f, IdEmbeddingSize: idWidth,
            IdKeyCount: idWidth > 0 ? Keys : 0, HeadSize: headSize);
        var table = Table();
        var sparseTable = SparseFeatureTable.FromDense(table)!;
        int[] batch = [3, 1, 2, 6, 3, 0, 5];
        manual_seed(7);
        using var tower = new Tower("item_tower", architecture);
        using var keys = tensor(batch);
        using var dense = tensor(table.Values, [Keys + 1L, Width]).index_select(0, keys);

        var (denseOutput, denseGradients) = Run(tower, () => tower.EmbedWithHead(dense, idWidth > 0 ? keys : null));
        var (sparseOutput, sparseGradients) = Run(tower,
            () => tower.EmbedWithHead(sparseTable.Gather(batch, CPU), idWidth > 0 ? keys : null));

        AssertClose(denseOutput, sparseOutput);
        Assert.Equal(denseGradients.Count, sparseGradients.Count);
        for (var p = 0; p < denseGradients.Count; p++)
            AssertClose(denseGradients[p], sparseGradients[p]);
    }

    [Fact]
    public void Gather_Keys_RowsOfTheTableInBatchOrder()
    {
        var table = Table();
        int[] batch = [4, 2, 0, 4];

        var rows = SparseFeatureTable.FromDense(table)!.Gather(batch, CPU);
        using var dense = rows.ToDense();

        Assert.Equal(new long[] { batch.Length, Width }, dense.shape);
        var values = dense.data<float>().ToArray();
        for (var b = 0; b < batch.Length; b++)
            Assert.Equal(table.Row(batch[b]).ToArray(), values.AsSpan(b * Width, Width).ToArray());
    }

    [Fact]
    public void FromDense_TablesDenserThanTheLimitOrWithoutColumns_StayDense()
    {
        var dense = new FeatureTable(Keys, 4);
        for (var key = 1; key <= Keys; key++)
            dense.Row(key)[key % 4] = 1f; // 6 of 28 values: 21 %, above SparseFeatureTable.MaxDensity

        Assert.Null(SparseFeatureTable.FromDense(dense));
        Assert.Null(SparseFeatureTable.FromDense(new FeatureTable(Keys, 0)));
        Assert.NotNull(SparseFeatureTable.FromDense(Table()));
    }

    /// <summary>Equal up to float rounding: the two products sum in different orders.</summary>
    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.NotEmpty(expected);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-5 * Math.Max(1, Math.Abs(expected[i])));
    }

    /// <summary>The embedding and head outputs and every parameter's gradient of a sum over them, in eval mode.</summary>
    private static (float[] Outputs, List<float[]> Gradients) Run(Tower tower, Func<(Tensor Embedding, Tensor? Head)> embed)
    {
        tower.eval();
        tower.zero_grad();
        using var scope = NewDisposeScope();
        var (embedding, head) = embed();
        // Weights make every output matter differently, so a gradient reaching the wrong column would show.
        var weights = arange(embedding.numel(), dtype: float32).reshape(embedding.shape).add(1);
        var loss = embedding.mul(weights).sum();
        if (head is not null)
            loss = loss.add(head.mul(3).sum());
        loss.backward();
        var outputs = embedding.data<float>().ToArray().Concat(head?.data<float>().ToArray() ?? []).ToArray();
        var gradients = tower.parameters().Select(p => p.grad is null ? [] : p.grad.data<float>().ToArray()).ToList();
        return (outputs, gradients);
    }
}
