namespace MLNet.TwoTower.Modeling;

/// <summary>The shape of one tower: what it reads and how its layers are stacked. Plain data, no TorchSharp.</summary>
/// <remarks>
/// <c>FeatureSize</c> is 0 when the tower reads only the id. <c>IdEmbeddingSize</c> is the width of the learned id
/// table (0 for none); it has <c>IdKeyCount + 1</c> rows, row 0 being the unknown id, which training replaces ids with
/// at rate <c>IdDropoutRate</c>. <c>HeadSize</c> is the number of scalar outputs of the linear head on the last layer's
/// input (0 for none). <c>HistoryEmbeddingSize</c> is the width of the history vector (<see cref="HistoryEmbedding"/>)
/// after the id embedding, over <c>HistoryItemKeyCount</c> item keys (0 for none; it needs the id table it is exported in).
/// </remarks>
internal sealed record TowerArchitecture(
    int FeatureSize,
    IReadOnlyList<int> LayerSizes,
    float DropoutRate,
    float LeakyReluSlope,
    bool ActivateOutputLayer,
    bool NormalizeOutput,
    float BatchNormEpsilon,
    int IdEmbeddingSize = 0,
    int IdKeyCount = 0,
    float IdDropoutRate = 0f,
    int HeadSize = 0,
    int HistoryEmbeddingSize = 0,
    int HistoryItemKeyCount = 0)
{
    /// <summary>Whether the tower has a linear head for its scalar terms (biases) on its last layer's input.</summary>
    public bool HasHead => HeadSize > 0;

    public int EmbeddingSize => LayerSizes[^1];

    public bool HasIdEmbedding => IdEmbeddingSize > 0;

    public bool HasHistory => HistoryEmbeddingSize > 0;

    /// <summary>Width of the first layer's input: features, then the id embedding, then the history vector.</summary>
    public int InputSize => FeatureSize + IdEmbeddingSize + HistoryEmbeddingSize;
}
