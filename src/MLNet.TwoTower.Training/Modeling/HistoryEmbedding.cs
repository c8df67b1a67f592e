using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Modeling;

/// <summary>
/// The user's history as a tower input (SVD++'s implicit term, YouTube's "watch vector"): a learned vector per item,
/// averaged over the items a user trained with (<c>Σ v_j / √n</c>). A user with a handful of ratings then starts
/// from what those items have in common instead of from an id row that saw a handful of gradient steps. It is part of
/// the id path: the id dropout that trains the unknown row drops the history too (a new user has neither), and the
/// export folds each known user's history vector into their id row, so the saved model reads no new input.
/// </summary>
internal sealed class HistoryEmbedding : nn.Module<SparseRows, Tensor>
{
    private readonly Parameter table;

    public HistoryEmbedding(string name, KeyHistory history, int dimension, NetworkRandomness? random = null)
        : base(name)
    {
        History = history;
        Dimension = dimension;
        table = nn.Parameter(empty(history.ItemKeyCount + 1L, dimension));
        // As the id tables: small rows, drawn from the seeded generator (nn.init ignores generators, see DenseBlock).
        using (no_grad())
            table.normal_(0, 0.1, random?.Initialization);
        RegisterComponents();
    }

    public KeyHistory History { get; }

    public int Dimension { get; }

    /// <summary>[B, Dimension] history vectors of a batch gathered from <see cref="History"/>.</summary>
    public override Tensor forward(SparseRows rows)
    {
        // A weighted sum of table rows per batch row, as gather-and-scatter rather than a sparse matrix product: the
        // backward of index_select is an index_add into the table's gradient, where the COO product's backward
        // transposes and coalesces the batch's (often 10⁵) non-zeros first.
        using var scope = NewDisposeScope();
        var weighted = table.index_select(0, rows.Indices[1]).mul(rows.Values.unsqueeze(1));
        return zeros(rows.BatchSize, Dimension, device: table.device)
            .index_add(0, rows.Indices[0], weighted, ExplicitScalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>Every user key's whole history vector, row-major <c>[KeyCount + 1, Dimension]</c> (row 0 and users without
    /// history: zeros), as the exported id table carries it.</summary>
    public float[] ExportRows()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var keys = Enumerable.Range(0, History.KeyCount + 1).ToArray();
        var rows = forward(History.Gather(keys, [], table.device));
        return TensorArrays.ToFloatArray(rows);
    }
}
