using MLNet.TwoTower.Training.Sampling;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training.Losses;

/// <summary>
/// The retrieval objective of one batch, in the style of TFRS's <c>tasks.Retrieval</c>: turns the batch's keys into
/// the two refinements <see cref="InfoNceLoss"/> accepts, then computes the loss.
/// <list type="bullet">
/// <item>Sampling-bias (logQ) correction: column j gets <c>−log p_j</c>; in-batch items' p comes from the frequency
/// estimator, uniformly sampled extra negatives' from <see cref="LogQCorrection.UniformOffset"/>.</item>
/// <item>Accidental-hit removal: a candidate that is the same item as row i's positive, in another column, is not a
/// negative for row i; its logit is masked out (the diagonal, the positive itself, never is).</item>
/// </list>
/// </summary>
internal sealed class RetrievalTask
{
    private readonly IItemFrequencyEstimator? frequencies;
    private readonly bool removeAccidentalHits;
    private readonly int catalogSize;
    private long step;

    /// <param name="frequencies">In-batch sampling probabilities; null turns the logQ correction off.</param>
    /// <param name="removeAccidentalHits">Whether duplicates of a row's positive are masked out of its softmax.</param>
    /// <param name="catalogSize">Number of items uniform negatives are drawn from (for their correction).</param>
    public RetrievalTask(IItemFrequencyEstimator? frequencies, bool removeAccidentalHits, int catalogSize)
    {
        this.frequencies = frequencies;
        this.removeAccidentalHits = removeAccidentalHits;
        this.catalogSize = catalogSize;
    }

    /// <summary>Computes the batch loss; the caller owns the returned scalar. Call once per training step.</summary>
    /// <param name="users">[B, d] user embeddings.</param>
    /// <param name="candidates">[B + N, d]: each row's positive item, then N sampled negatives.</param>
    /// <param name="temperature">Scalar τ.</param>
    /// <param name="positiveKeys">The B positive item keys.</param>
    /// <param name="sampledKeys">The N sampled negative item keys (may be empty).</param>
    public Tensor Loss(Tensor users, Tensor candidates, Tensor temperature, ReadOnlySpan<int> positiveKeys,
        ReadOnlySpan<int> sampledKeys)
    {
        using var scope = NewDisposeScope();
        var device = users.device;
        Tensor? correction = null;
        if (frequencies is not null)
        {
            frequencies.Observe(positiveKeys, step);
            var offsets = new float[positiveKeys.Length + sampledKeys.Length];
            LogQCorrection.Offsets(frequencies, positiveKeys).CopyTo(offsets, 0);
            if (sampledKeys.Length > 0)
                Array.Fill(offsets, LogQCorrection.UniformOffset(sampledKeys.Length, catalogSize), positiveKeys.Length, sampledKeys.Length);
            correction = tensor(offsets, device: device);
        }
        step++;

        Tensor? mask = null;
        if (removeAccidentalHits)
        {
            var candidateKeys = new int[positiveKeys.Length + sampledKeys.Length];
            positiveKeys.CopyTo(candidateKeys);
            sampledKeys.CopyTo(candidateKeys.AsSpan(positiveKeys.Length));
            var rows = tensor(positiveKeys.ToArray(), device: device).unsqueeze(1);
            var columns = tensor(candidateKeys, device: device).unsqueeze(0);
            var own = eye(positiveKeys.Length, candidateKeys.Length, ScalarType.Bool, device);
            mask = rows.eq(columns).logical_and(own.logical_not());
        }
        return InfoNceLoss.Compute(users, candidates, temperature, correction, mask).MoveToOuterDisposeScope();
    }
}
