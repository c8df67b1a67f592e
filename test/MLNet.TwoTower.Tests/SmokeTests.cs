namespace MLNet.TwoTower.Tests;
public class SmokeTests
{
    [Fact]
    public void TorchSharp_Loads_And_Computes()
    {
        using var a = TorchSharp.torch.tensor(new float[] { 1, 2, 3 });
        using var b = TorchSharp.torch.tensor(new float[] { 4, 5, 6 });
        using var d = TorchSharp.torch.dot(a, b);
        Assert.Equal(32f, d.item<float>());
    }
}
