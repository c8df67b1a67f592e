using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Modeling;

/// <summary>
/// A learned id table with id dropout. Row <c>k</c> belongs to ML.NET key <c>k</c>; row 0 is the "unknown" row that
/// missing and unseen keys read at inference. While training, each id is replaced by 0 with probability
/// <c>dropoutRate</c>, so row 0 learns what an entity looks like from its features alone and one model serves entities
/// with history (id + features) and without (features only).
/// </summary>
internal sealed class IdEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Embedding table;
    private readonly float dropoutRate;
    private readonly Generator? dropoutGenerator;

    // random: seeded generators for the initial rows and the id dropout; null uses the global one.
    public IdEmbedding(string name, int keyCount, int dimension, float dropoutRate, NetworkRandomness? random = null)
        : base(name)
    {
        table = nn.Embedding(keyCount + 1L, dimension);
        // Small initial rows: the id part starts as a gentle nudge next to the features instead of swamping them.
        // Tensor.normal_ with the generator (nn.init ignores generators in TorchSharp 0.107, see DenseBlock).
        using (no_grad())
            table.weight!.normal_(0, 0.1, random?.Initialization);
        this.dropoutRate = dropoutRate;
        dropoutGenerator = random?.Dropout;
        KeyCount = keyCount;
        Dimension = dimension;
        RegisterComponents();
    }

    public int KeyCount { get; }

    public int Dimension { get; }

    /// <param name="keys">[B] integer keys (0 = unknown).</param>
    public override Tensor forward(Tensor keys)
    {
        using var scope = NewDisposeScope();
        return Lookup(Drop(keys)).MoveToOuterDisposeScope();
    }

    /// <summary>The keys after id dropout: in training mode each is replaced by 0 with the dropout rate, else unchanged.</summary>
    public Tensor Drop(Tensor keys)
    {
        if (!training || dropoutRate <= 0)
            return keys.alias();
        using var scope = NewDisposeScope();
        var drop = empty(keys.shape, device: keys.device).bernoulli_(dropoutRate, dropoutGenerator).to(ScalarType.Bool);
        using var unknown = 0.ToScalar(); // explicit: see ExplicitScalars
        return keys.masked_fill(drop, unknown).MoveToOuterDisposeScope();
    }

    /// <summary>The table rows of <paramref name="keys"/> as they are (no dropout).</summary>
    public Tensor Lookup(Tensor keys) => table.forward(keys);

    /// <summary>
    /// The table as the persistence layer reads it. Keys outside <paramref name="trainedKeys"/> never had a positive
    /// pair, so their rows are untrained noise; they are replaced with row 0, which is what an unknown id reads.
    /// </summary>
    public IdEmbeddingWeights ExportWeights(IReadOnlySet<int>? trainedKeys)
    {
        var values = TensorArrays.ToFloatArray(table.weight!);
        if (trainedKeys is not null)
        {
            for (var key = 1; key <= KeyCount; key++)
            {
                if (!trainedKeys.Contains(key))
                    Array.Copy(values, 0, values, key * Dimension, Dimension);
            }
        }
        return new IdEmbeddingWeights { Rows = KeyCount + 1, Dimension = Dimension, Table = values };
    }
}
