namespace MLNet.TwoTower.Modeling;

/// <summary>The shape of one tower: what it reads and how its layers are stacked. Plain data, no TorchSharp.</summary>
internal sealed record TowerArchitecture(
    int FeatureSize,
    IReadOnlyList<int> LayerSizes,
    float DropoutRate,
    float LeakyReluSlope,
    bool ActivateOutputLayer,
    bool NormalizeOutput,
    float BatchNormEpsilon)
{
    public int EmbeddingSize => LayerSizes[^1];
}
