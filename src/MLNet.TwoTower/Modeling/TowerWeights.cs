namespace MLNet.TwoTower.Modeling;

/// <summary>
/// The learned parameters of one tower, detached from TorchSharp, in the order the forward pass applies them:
/// <c>[features ‖ idEmbedding[key]] → (Linear → BatchNorm? → LeakyReLU?)* → L2 normalise</c>.
/// This is the hand-over point between training (TorchSharp) and persistence (ONNX): nothing here knows either.
/// </summary>
public sealed class TowerWeights
{
    /// <summary>Width of the feature vector the tower reads; 0 when the tower reads only an id.</summary>
    public required int FeatureSize { get; init; }

    /// <summary>Optional learned id table; its row for the entity's key is concatenated after the features.</summary>
    public IdEmbeddingWeights? IdEmbedding { get; init; }

    /// <summary>Dense layers in forward order; the last one's width is the embedding width.</summary>
    public required IReadOnlyList<DenseLayerWeights> Layers { get; init; }

    /// <summary>Negative slope of every LeakyReLU in the tower.</summary>
    public float LeakyReluSlope { get; init; } = 0.01f;

    /// <summary>Whether the output is divided by its L2 norm (dot products become cosines).</summary>
    public bool L2Normalize { get; init; } = true;

    /// <summary>
    /// Optional linear head on the last layer's input (the last hidden representation, or the tower's input when it has
    /// one layer): the entity's scalar terms — the item's and the user's rating bias. The
    /// head reads the id embedding through the layers as the embedding does, so an entity without history gets a
    /// features-only bias. Null without a ranking head.
    /// </summary>
    public DenseLayerWeights? Head { get; init; }

    /// <summary>
    /// Optional per-key scalar, read through the id table's key (row 0 serves missing and unseen keys): the item's
    /// log-popularity prior <c>log(1 + training positives)</c>, which <see cref="EmbeddingAugmentation.PriorWeight"/>
    /// places into the output. Requires <see cref="IdEmbedding"/> (its key lookup) and has as many values as it has rows.
    /// </summary>
    public float[]? KeyPrior { get; init; }

    /// <summary>
    /// How the retrieval embedding (the tower's embedding column) is built from the normalised tower output and the
    /// head; null for the plain output. The user's and the item's retrieval embeddings have the same width, and their
    /// dot product is the retrieval score the item index ranks by.
    /// </summary>
    public EmbeddingAugmentation? RetrievalAugmentation { get; init; }

    /// <summary>
    /// User tower only: how the ranking vector is built, whose dot product with the item's retrieval embedding is the
    /// ranking score (<c>Score</c>); null when <c>Score</c> is the retrieval score.
    /// </summary>
    public EmbeddingAugmentation? RankingAugmentation { get; init; }

    /// <summary>Width of the first layer's input: features plus the id embedding, if any.</summary>
    public int InputSize => FeatureSize + (IdEmbedding?.Dimension ?? 0);

    /// <summary>Width of the normalised tower output (the last layer's width).</summary>
    public int LatentSize => Layers[^1].OutputSize;

    /// <summary>Width of the embedding column the tower produces: the latent width plus the augmentation's coordinates.</summary>
    public int OutputSize => LatentSize + (RetrievalAugmentation?.ExtraSize ?? 0);

    /// <summary>Width of the head's input: the last layer's input.</summary>
    public int HeadInputSize => Layers[^1].InputSize;
}

/// <summary>
/// An output vector built from a tower's normalised output <c>z</c>, its head outputs <c>h</c> and its key's prior
/// <c>q</c>: <c>[EmbeddingScale · z ‖ h · ExtraWeight + q · PriorWeight + ExtraBias]</c>. Scalar terms then enter
/// scores as dot-product coordinates — e.g. an item vector <c>[z ‖ log-popularity]</c> against a user vector
/// <c>[z ‖ β]</c> gives <c>⟨z_u, z_i⟩ + β·log-popularity</c> — so exact search, the HNSW index (inner product) and
/// every protocol rank by the same number without knowing the terms exist.
/// </summary>
public sealed class EmbeddingAugmentation
{
    /// <summary>Factor on the normalised output.</summary>
    public float EmbeddingScale { get; init; } = 1f;

    /// <summary><c>[head outputs, ExtraSize]</c>, row-major: how each extra coordinate reads the head; empty when the
    /// tower has no head (the extra coordinates are then the constants <see cref="ExtraBias"/>).</summary>
    public float[] ExtraWeight { get; init; } = [];

    /// <summary><c>[ExtraSize]</c>: how each extra coordinate reads the tower's <see cref="TowerWeights.KeyPrior"/>;
    /// empty for none.</summary>
    public float[] PriorWeight { get; init; } = [];

    /// <summary>Constant added to each extra coordinate.</summary>
    public required float[] ExtraBias { get; init; }

    /// <summary>Number of coordinates appended to the output.</summary>
    public int ExtraSize => ExtraBias.Length;
}

/// <summary>One <c>Linear</c> layer, optionally followed by batch normalisation and a LeakyReLU.</summary>
public sealed class DenseLayerWeights
{
    /// <summary>Number of inputs.</summary>
    public required int InputSize { get; init; }

    /// <summary>Number of outputs.</summary>
    public required int OutputSize { get; init; }

    /// <summary><c>[OutputSize, InputSize]</c>, row-major, as <c>torch.nn.Linear</c> stores it (y = x·Wᵀ + b).</summary>
    public required float[] Weight { get; init; }

    /// <summary><c>[OutputSize]</c>.</summary>
    public required float[] Bias { get; init; }

    /// <summary>Batch normalisation after the linear map, in inference form (running statistics); null for none.</summary>
    public BatchNormWeights? BatchNorm { get; init; }

    /// <summary>Whether a LeakyReLU follows (after the batch normalisation, if any).</summary>
    public bool Activation { get; init; }
}

/// <summary>Inference-time batch normalisation: <c>y = (x − mean) / sqrt(var + ε) · scale + shift</c>.</summary>
public sealed class BatchNormWeights
{
    /// <summary>γ, one per channel.</summary>
    public required float[] Scale { get; init; }

    /// <summary>β, one per channel.</summary>
    public required float[] Shift { get; init; }

    /// <summary>Running mean, one per channel.</summary>
    public required float[] RunningMean { get; init; }

    /// <summary>Running (biased) variance, one per channel.</summary>
    public required float[] RunningVariance { get; init; }

    /// <summary>ε added to the variance.</summary>
    public float Epsilon { get; init; } = 1e-5f;
}

/// <summary>
/// A learned id embedding table. Row <c>k</c> belongs to the entity whose ML.NET key value is <c>k</c> (keys are
/// 1-based); row 0 serves missing and unseen keys, so an entity without history gets a fixed, neutral vector.
/// </summary>
public sealed class IdEmbeddingWeights
{
    /// <summary>Number of rows: the key type's count plus one.</summary>
    public required int Rows { get; init; }

    /// <summary>Width of each row.</summary>
    public required int Dimension { get; init; }

    /// <summary><c>[Rows, Dimension]</c>, row-major.</summary>
    public required float[] Table { get; init; }
}
