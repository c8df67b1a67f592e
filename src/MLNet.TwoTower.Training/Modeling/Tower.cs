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
    private readonly HistoryEmbedding? history;
    private readonly DenseBlock? head;
    private readonly TowerArchitecture architecture;

    // keyHistory: each key's training items, required when the architecture has a history vector.
    public Tower(string name, TowerArchitecture architecture, NetworkRandomness? random = null, KeyHistory? keyHistory = null)
        : base(name)
    {
        this.architecture = architecture;
        blocks = new ModuleList<DenseBlock>();
        if (architecture.HasIdEmbedding)
            ids = new IdEmbedding("ids", architecture.IdKeyCount, architecture.IdEmbeddingSize, architecture.IdDropoutRate,
                random);
        if (architecture.HasHistory)
        {
            if (!architecture.HasIdEmbedding)
                throw new ArgumentException($"Tower '{name}': a history vector is exported in the id table, so it needs one.", nameof(architecture));
            if (keyHistory is null || keyHistory.KeyCount != architecture.IdKeyCount || keyHistory.ItemKeyCount != architecture.HistoryItemKeyCount)
            {
                throw new ArgumentException(
                    $"Tower '{name}' needs the history of its {architecture.IdKeyCount} keys over {architecture.HistoryItemKeyCount} items; got {(keyHistory is null ? "none" : $"{keyHistory.KeyCount} keys over {keyHistory.ItemKeyCount} items")}.",
                    nameof(keyHistory));
            }
            history = new HistoryEmbedding("history", keyHistory, architecture.HistoryEmbeddingSize, random);
        }
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
    /// <param name="keys">[B] Int32 or Int64 keys; required when the tower has an id table.</param>
    /// <param name="withheld">One item key per row that row's history leaves out (its training target); empty for
    /// none. Only a tower with a history vector reads it.</param>
    public Tensor Embed(Tensor features, Tensor? keys, ReadOnlySpan<int> withheld = default)
    {
        using var scope = NewDisposeScope();
        var (embedding, headOutput) = EmbedWithHead(features, keys, withheld);
        headOutput?.Dispose();
        return embedding.MoveToOuterDisposeScope();
    }

    /// <summary>Embeds a batch and evaluates the head: ([B, D] embedding, [B, HeadSize] head outputs or null).</summary>
    public (Tensor Embedding, Tensor? Head) EmbedWithHead(Tensor features, Tensor? keys, ReadOnlySpan<int> withheld = default)
    {
        using var scope = NewDisposeScope();
        Tensor x;
        if (ids is null)
            x = features;
        else
        {
            var idPart = IdPart(keys, withheld);
            x = architecture.FeatureSize == 0 ? idPart : cat([features, idPart], 1);
        }
        return Finish(blocks[0].forward(x), x);
    }

    /// <summary>
    /// <see cref="EmbedWithHead(Tensor, Tensor?, ReadOnlySpan{int})"/> with the features in coordinate form (training on
    /// sparse text and category features; the exported model is the same dense layer).
    /// </summary>
    public (Tensor Embedding, Tensor? Head) EmbedWithHead(SparseRows features, Tensor? keys, ReadOnlySpan<int> withheld = default)
    {
        // A one-layer tower's head reads the layer's input, which then has to exist densely.
        if (blocks.Count == 1 && head is not null)
            return EmbedWithHead(features.ToDense(), keys, withheld);
        using var scope = NewDisposeScope();
        return Finish(blocks[0].forward(features, ids is null ? null : IdPart(keys, withheld)), firstInput: null);
    }

    /// <summary>
    /// <c>[id row ‖ history vector]</c> of each key after id dropout: a dropped key reads the unknown row and, like a new
    /// user, no history.
    /// </summary>
    private Tensor IdPart(Tensor? keys, ReadOnlySpan<int> withheld)
    {
        ArgumentNullException.ThrowIfNull(keys, $"Tower '{GetName()}' has an id table and needs the keys.");
        using var scope = NewDisposeScope();
        var kept = ids!.Drop(keys);
        var rows = ids.Lookup(kept);
        if (history is null)
            return rows.MoveToOuterDisposeScope();
        var keptKeys = kept.to(ScalarType.Int32).cpu().data<int>().ToArray();
        var vectors = history.forward(history.History.Gather(keptKeys, withheld, keys.device));
        return cat([rows, vectors], 1).MoveToOuterDisposeScope();
    }

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

    /// <summary>
    /// The id part the first layer reads for <paramref name="keys"/>: the id rows, then the history vectors when the tower
    /// has them (id dropout applies in training mode, to both).
    /// </summary>
    public Tensor IdRows(Tensor keys) => ids is null
        ? throw new InvalidOperationException($"Tower '{GetName()}' has no id table.")
        : IdPart(keys, default);

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
        IdEmbedding = ExportIdTable(trainedKeys),
        Layers = blocks.Select(block => block.ExportWeights()).ToArray(),
        LeakyReluSlope = architecture.LeakyReluSlope,
        L2Normalize = architecture.NormalizeOutput,
        Head = head?.ExportWeights(),
        KeyPrior = keyPrior,
        RetrievalAugmentation = retrieval,
        RankingAugmentation = ranking,
    };

    /// <summary>The id table as exported: each row followed by its key's history vector when the tower has one.</summary>
    private IdEmbeddingWeights? ExportIdTable(IReadOnlySet<int>? trainedKeys)
    {
        var idTable = ids?.ExportWeights(trainedKeys);
        if (idTable is null || history is null)
            return idTable;
        // Keys without training pairs have no history, so their rows stay the unknown row's [row 0 ‖ 0].
        var vectors = history.ExportRows();
        var (idWidth, width) = (idTable.Dimension, idTable.Dimension + history.Dimension);
        var table = new float[idTable.Rows * width];
        for (var row = 0; row < idTable.Rows; row++)
        {
            Array.Copy(idTable.Table, row * idWidth, table, row * width, idWidth);
            Array.Copy(vectors, row * history.Dimension, table, row * width + idWidth, history.Dimension);
        }
        return new IdEmbeddingWeights { Rows = idTable.Rows, Dimension = width, Table = table };
    }
}
