using MLNet.TwoTower.Modeling;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Modeling;

[Collection(TorchCollection.Name)]
public class TwoTowerNetworkTests
{
    private static TowerArchitecture Architecture(int features) =>
        new(features, [8, 3], 0f, 0.01f, ActivateOutputLayer: false, NormalizeOutput: true, BatchNormEpsilon: 1e-5f);

    [Fact]
    public void Forward_TowersOfDifferentWidths_BothReturnEmbeddingWidth()
    {
        using var network = new TwoTowerNetwork(Architecture(5), Architecture(9), 0.07f, true, 0.01f, 1f);
        using var users = randn(4, 5);
        using var items = randn(4, 9);

        var (u, i) = network.forward(users, items);
        using (u)
        using (i)
        {
            Assert.Equal(new long[] { 4, 3 }, u.shape);
            Assert.Equal(new long[] { 4, 3 }, i.shape);
        }
    }

    [Fact]
    public void TemperatureValue_Initially_IsInitialTemperature()
    {
        using var network = new TwoTowerNetwork(Architecture(5), Architecture(5), 0.07f, true, 0.01f, 1f);

        Assert.Equal(0.07f, network.TemperatureValue, 5);
    }

    [Fact]
    public void ClampTemperature_PushedBelowMinimum_ReturnsToMinimum()
    {
        using var network = new TwoTowerNetwork(Architecture(5), Architecture(5), 0.07f, true, 0.01f, 1f);
        using (no_grad())
        {
            foreach (var logTemperature in network.parameters().Where(p => p.dim() == 0))
                logTemperature.fill_(-20);
        }

        network.ClampTemperature();

        Assert.Equal(0.01f, network.TemperatureValue, 5);
        using var ranking = network.RankingTemperature();
        Assert.Equal(0.01f, ranking.item<float>(), 5);
    }

    [Fact]
    public void RankingTemperature_StartsAtTheInitialTemperature_AndIsItsOwnParameter()
    {
        // The pairwise ranking task learns its own scale; sharing the softmax's would let it reshape the whole space.
        using var network = new TwoTowerNetwork(Architecture(5), Architecture(5), 0.07f, true, 0.01f, 1f);

        using var ranking = network.RankingTemperature();
        Assert.Equal(0.07f, ranking.item<float>(), 5);
        Assert.Equal(2, network.parameters().Count(p => p.dim() == 0 && !ReferenceEquals(p, network.GlobalBias) && !ReferenceEquals(p, network.RatingScale)));
    }

    [Fact]
    public void Parameters_TemperatureNotLearnable_IsNotTrainable()
    {
        using var network = new TwoTowerNetwork(Architecture(5), Architecture(5), 0.07f, false, 0.01f, 1f);

        var logTemperatures = network.parameters().Where(p => p.dim() == 0 && !ReferenceEquals(p, network.GlobalBias) && !ReferenceEquals(p, network.RatingScale)).ToArray();

        Assert.Equal(2, logTemperatures.Length);
        Assert.All(logTemperatures, t => Assert.False(t.requires_grad));
    }
}
