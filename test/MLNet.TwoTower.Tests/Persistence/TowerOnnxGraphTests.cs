using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Tests.Persistence;

public class TowerOnnxGraphTests
{
    [Fact]
    public void Build_WithBatchNormAndIdTable_MatchesManagedReference()
    {
        var tower = TestModels.Parameters().UserTower;
        var random = new Random(3);
        var features = Enumerable.Range(0, 8).Select(_ => TestModels.Values(random, TestModels.UserFeatureSize)).ToArray();
        long[] keys = [1, 2, 3, 4, 5, 6, 0, 2];

        var output = OnnxRunner.Run(TowerOnnxGraph.Build(tower, "f", "k", "e"), "e", ("f", features), ("k", keys));

        for (var r = 0; r < keys.Length; r++)
        {
            var expected = ReferenceTower.Forward(tower, features[r], keys[r]);
            for (var d = 0; d < expected.Length; d++)
                Assert.Equal(expected[d], output[r * expected.Length + d], 1e-5f);
        }
    }

    [Fact]
    public void Build_KeyOutsideTheTable_ReadsRowZero()
    {
        // Table rows 0..6. Keys 7 (unseen), 1000 and -1 must all give what key 0 gives; key 3 must differ from it.
        var tower = TestModels.Parameters().UserTower;
        var features = Enumerable.Repeat(new float[TestModels.UserFeatureSize], 5).ToArray();

        var output = OnnxRunner.Run(TowerOnnxGraph.Build(tower, "f", "k", "e"), "e", ("f", features), ("k", [0, 7, 1000, -1, 3]));

        var width = tower.OutputSize;
        var rowZero = output[..width];
        for (var r = 1; r <= 3; r++)
            Assert.Equal(rowZero, output[(r * width)..((r + 1) * width)]);
        Assert.NotEqual(rowZero, output[(4 * width)..]);
    }

    [Fact]
    public void Build_ZeroVectorBeforeNormalisation_GivesZerosNotNaN()
    {
        // A layer with all-zero weights and bias makes the pre-normalisation vector exactly 0. x / ‖x‖ would be
        // 0/0 = NaN; like torch.nn.functional.normalize the graph divides by max(‖x‖, 1e-12) and returns 0.
        var tower = new TowerWeights
        {
            FeatureSize = 2,
            Layers = [new DenseLayerWeights { InputSize = 2, OutputSize = 3, Weight = new float[6], Bias = new float[3] }],
        };

        var output = OnnxRunner.Run(TowerOnnxGraph.Build(tower, "f", null, "e"), "e", ("f", [[1f, 2f]]), null);

        Assert.Equal(new float[3], output);
        Assert.Equal(new float[3], ReferenceTower.Forward(tower, [1f, 2f], 0));
    }

    [Fact]
    public void Build_IdOnlyTower_NeedsNoFeatureInput()
    {
        var random = new Random(5);
        var ids = new IdEmbeddingWeights { Rows = 4, Dimension = 3, Table = TestModels.Values(random, 12) };
        var tower = TestModels.Tower(random, 0, ids, [2], l2Normalize: false);

        var output = OnnxRunner.Run(TowerOnnxGraph.Build(tower, null, "k", "e"), "e", null, ("k", [2, 3]));

        // Linear only: e = W·table[key] + b, checked against the reference for both keys.
        Assert.Equal(ReferenceTower.Forward(tower, [], 2).Concat(ReferenceTower.Forward(tower, [], 3)), output,
            (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void Build_TowerWithNeitherFeaturesNorIds_Throws()
    {
        var tower = new TowerWeights
        {
            FeatureSize = 0,
            Layers = [new DenseLayerWeights { InputSize = 0, OutputSize = 1, Weight = [], Bias = [0f] }],
        };

        var error = Assert.Throws<ArgumentException>(() => TowerOnnxGraph.Build(tower, null, null, "e"));

        Assert.Contains("neither", error.Message);
    }

    [Fact]
    public void Build_WithHeadAndAugmentations_BothOutputsMatchManagedReference()
    {
        var parameters = TestModels.WithScoreTerms(TestModels.Parameters());
        var random = new Random(4);
        var userFeatures = Enumerable.Range(0, 6).Select(_ => TestModels.Values(random, TestModels.UserFeatureSize)).ToArray();
        var itemFeatures = Enumerable.Range(0, 6).Select(_ => TestModels.Values(random, TestModels.ItemFeatureSize)).ToArray();
        long[] keys = [1, 2, 3, 0, 5, 2];
        var userGraph = TowerOnnxGraph.Build(parameters.UserTower, "f", "k", "e", rankingOutput: "r");
        var itemGraph = TowerOnnxGraph.Build(parameters.ItemTower, "f", "k", "e");

        var embeddings = OnnxRunner.Run(userGraph, "e", ("f", userFeatures), ("k", keys));
        var rankings = OnnxRunner.Run(userGraph, "r", ("f", userFeatures), ("k", keys));
        long[] itemKeys = [1, 4, 0, 2, 99, 3]; // 0 and 99 (unseen) read row 0 of the id table and of the prior
        var items = OnnxRunner.Run(itemGraph, "e", ("f", itemFeatures), ("k", itemKeys));

        var width = parameters.UserTower.OutputSize;
        Assert.Equal(TestModels.EmbeddingSize + 3, width);
        Assert.Equal(width, parameters.ItemTower.OutputSize);
        for (var r = 0; r < keys.Length; r++)
        {
            AssertClose(ReferenceTower.Forward(parameters.UserTower, userFeatures[r], keys[r]), embeddings.AsSpan(r * width, width));
            AssertClose(ReferenceTower.Forward(parameters.UserTower, userFeatures[r], keys[r], ranking: true), rankings.AsSpan(r * width, width));
            AssertClose(ReferenceTower.Forward(parameters.ItemTower, itemFeatures[r], itemKeys[r]), items.AsSpan(r * width, width));
        }
    }

    private static void AssertClose(float[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var d = 0; d < expected.Length; d++)
            Assert.Equal(expected[d], actual[d], 1e-5f);
    }
}
