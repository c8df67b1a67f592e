using MLNet.TwoTower.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training.Losses;

/// <summary>
/// InfoNCE over in-batch negatives (sampled softmax): row <c>i</c> of the user batch should score its own item <c>i</c>
/// above every other candidate. With <c>U</c> [B, d] and candidates <c>I</c> [C, d], C ≥ B, whose first B rows are the
/// rows' positives (the rest, if any, are extra sampled negatives):
/// <c>logits = U·Iᵀ / τ (+ correction[j] on column j)</c>, masked entries set to −∞, then cross-entropy with the
/// diagonal as the target, averaged over the batch. Computed as one matrix product, no per-row loop.
/// </summary>
/// <remarks>
/// The two optional inputs are where refinements plug in without touching the training loop:
/// a per-item logit correction (logQ sampling correction passes <c>−log q_j</c>, the probability that item j shows up
/// in a batch) and a mask (accidental-hit removal masks column j in row i when item j is also a positive of user i).
/// </remarks>
internal static class InfoNceLoss
{
    /// <summary>Computes the mean InfoNCE loss of one batch; the caller owns the returned scalar.</summary>
    /// <param name="userEmbeddings">[B, d] query embeddings.</param>
    /// <param name="itemEmbeddings">[C, d], C ≥ B: each row's positive item first, then any extra negatives.</param>
    /// <param name="temperature">Scalar τ &gt; 0 (a tensor so that it can be learned).</param>
    /// <param name="itemLogitCorrection">Optional [C]: added to every logit of column j.</param>
    /// <param name="mask">Optional [B, C] bool: <see langword="true"/> removes that logit from the softmax. The
    /// diagonal must stay unmasked.</param>
    public static Tensor Compute(Tensor userEmbeddings, Tensor itemEmbeddings, Tensor temperature,
        Tensor? itemLogitCorrection = null, Tensor? mask = null)
    {
        if (userEmbeddings.dim() != 2 || itemEmbeddings.dim() != 2 ||
            userEmbeddings.shape[0] > itemEmbeddings.shape[0] || userEmbeddings.shape[1] != itemEmbeddings.shape[1])
        {
            throw new ArgumentException(
                $"User embeddings must be [batch, width] and item embeddings [candidates ≥ batch, width]; got [{string.Join(", ", userEmbeddings.shape)}] and [{string.Join(", ", itemEmbeddings.shape)}].",
                nameof(itemEmbeddings));
        }

        using var scope = NewDisposeScope();
        var batchSize = userEmbeddings.shape[0];
        var logits = userEmbeddings.matmul(itemEmbeddings.t()).div(temperature);
        if (itemLogitCorrection is not null)
            logits = logits.Plus(itemLogitCorrection.unsqueeze(0));
        if (mask is not null)
        {
            // An explicit Scalar held to the end of the call (see ExplicitScalars).
            using var negativeInfinity = float.NegativeInfinity.ToScalar();
            logits = logits.masked_fill(mask, negativeInfinity);
        }
        var targets = ExplicitScalars.Range(batchSize, logits.device);
        return nn.functional.cross_entropy(logits, targets).MoveToOuterDisposeScope();
    }
}
