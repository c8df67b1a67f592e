using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Modeling;

/// <summary>
/// One side of the model: an MLP from <c>[features ‖ idEmbedding[key]]</c> (either part optional) to an embedding,
/// L2-normalised when asked so that dot products between the two towers' outputs are cosines.
/// </summary>
internal sealed class Tower : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<DenseBlock> blocks;
    private readonly IdEmbedding? ids;
    private readonly DenseBlock? head;
    private readonly TowerArchitecture architecture;

    public Tower(string name, TowerArchitecture architecture, NetworkRandomness? random = null)
        : base(name)
    {
        this.architecture = architecture;
        blocks = new ModuleList<DenseBlock>();
        if (architecture.HasIdEmbedding)
            ids = new IdEmbedding("ids", architecture.IdKeyCount, architecture.IdEmbeddingSize, architecture.IdDropoutRate,
                random);
        var inputSize = architecture.InputSize;
        for (var i = 0; i < architecture.LayerSizes.Count; i++)
        {
            var isOutput = i == architecture.LayerSizes.Count - 1;
            var normalizeAndActivate = !isOutput || architecture.ActivateOutputLayer;
            // Dropout on the output would randomly zero embedding coordinates right before the dot product; the
            // reference applies it to hidden layers only.
            var dropout = isOutput ? 0f : architecture.DropoutRate;
            blocks.Add(new DenseBlock(inputSize, architecture.LayerSizes[i], normalizeAndActivate,
                architecture.LeakyReluSlope, dropout, architecture.BatchNormEpsilon, random));
            if (!isOutput)
                inputSize = architecture.LayerSizes[i];
        }
        // The head reads what the output layer reads: the last hidden representation (or the input of a one-layer
        // tower), so its biases see the id embedding and the features exactly as the embedding does.
        if (architecture.HasHead)
            head = new DenseBlock(inputSize, architecture.HeadSize, normalizeAndActivate: false, architecture.LeakyReluSlope,
                dropoutRate: 0f, architecture.BatchNormEpsilon, random);
        RegisterComponents();
    }

    public TowerArchitecture Architecture => architecture;

    /// <summary>Embeds a batch of feature vectors; only for towers without an id table.</summary>
    public override Tensor forward(Tensor features) => Embed(features, null);

    /// <summary>Embeds a batch.</summary>
    /// <param name="features">[B, FeatureSize]; ignored (may be [B, 0]) when the tower reads only the id.</param>
    /// <param name="keys">[B] Int64 keys; required when the tower has an id table.</param>
    public Tensor Embed(Tensor features, Tensor? keys)
    {
        using var scope = NewDisposeScope();
        var (embedding, headOutput) = EmbedWithHead(features, keys);
        headOutput?.Dispose();
        return embedding.MoveToOuterDisposeScope();
    }

    /// <summary>Embeds a batch and evaluates the head: ([B, D] embedding, [B, HeadSize] head outputs or null).</summary>
    public (Tensor Embedding, Tensor? Head) EmbedWithHead(Tensor features, Tensor? keys)
    {
        using var scope = NewDisposeScope();
        Tensor x;
        if (ids is null)
            x = features;
        else
        {
            var idPart = IdPart(keys);
            x = architecture.FeatureSize == 0 ? idPart : cat([features, idPart], 1);
        }
        return Finish(blocks[0].forward(x), x);
    }

    /// <summary>
    /// <see cref="EmbedWithHead(Tensor, Tensor?)"/> with the features in coordinate form (training on sparse text and
    /// category features; the exported model is the same dense layer).
    /// </summary>
    public (Tensor Embedding, Tensor? Head) EmbedWithHead(SparseRows features, Tensor? keys)
    {
        // A one-layer tower's head reads the layer's input, which then has to exist densely.
        if (blocks.Count == 1 && head is not null)
            return EmbedWithHead(features.ToDense(), keys);
        using var scope = NewDisposeScope();
        return Finish(blocks[0].forward(features, ids is null ? null : IdPart(keys)), firstInput: null);
    }

    private Tensor IdPart(Tensor? keys) =>
        ids!.forward(keys ?? throw new ArgumentNullException(nameof(keys), $"Tower '{GetName()}' has an id table and needs the keys."));

    /// <summary>The layers after the first, the normalisation and the head (which reads the last layer's input).</summary>
    private (Tensor Embedding, Tensor? Head) Finish(Tensor firstOutput, Tensor? firstInput)
    {
        var x = firstOutput;
        var lastInput = firstInput;
        foreach (var block in blocks.Skip(1))
        {
            lastInput = x;
            x = block.forward(x);
        }
        if (architecture.NormalizeOutput)
            x = nn.functional.normalize(x, p: 2, dim: 1);
        var headOutput = head?.forward(lastInput!);
        return (x.MoveToOuterDisposeScope(), headOutput?.MoveToOuterDisposeScope());
    }

    /// <summary>The id-table rows the tower reads for <paramref name="keys"/> (id dropout applies in training mode).</summary>
    public Tensor IdRows(Tensor keys) =>
        (ids ?? throw new InvalidOperationException($"Tower '{GetName()}' has no id table.")).forward(keys);

    /// <summary>The tower's weights as the persistence layer reads them.</summary>
    /// <param name="trainedKeys">Keys that had training pairs; the id rows of all others become the unknown row 0.
    /// Null keeps every row as it is.</param>
    /// <param name="retrieval">How the embedding column is augmented from the head; null for the plain output.</param>
    /// <param name="ranking">The user tower's ranking vector; null for none.</param>
    /// <param name="keyPrior">The per-key prior the augmentations may read (one value per id row); null for none.</param>
    public TowerWeights ExportWeights(IReadOnlySet<int>? trainedKeys = null, EmbeddingAugmentation? retrieval = null,
        EmbeddingAugmentation? ranking = null, float[]? keyPrior = null) => new()
    {
        FeatureSize = architecture.FeatureSize,
        IdEmbedding = ids?.ExportWeights(trainedKeys),
        Layers = blocks.Select(block => block.ExportWeights()).ToArray(),
        LeakyReluSlope = architecture.LeakyReluSlope,
        L2Normalize = architecture.NormalizeOutput,
        Head = head?.ExportWeights(),
        KeyPrior = keyPrior,
        RetrievalAugmentation = retrieval,
        RankingAugmentation = ranking,
    };
}
