using MLNet.TwoTower.Modeling;
using TorchSharp;
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
/// <item>Explicit negatives: an item row i's user rated below the threshold joins row i's softmax only (masked for
/// every other row), corrected like an in-batch candidate and weighted by adding <c>log w</c> to its logit, which
/// counts it w times in the softmax's denominator.</item>
/// </list>
/// With explicit negatives, a <see cref="PairwiseRankingLoss"/> between each row's positive and its explicit negative
/// can be added (weighted): the ranking task next to the retrieval task, on the same embeddings.
/// </summary>
internal sealed class RetrievalTask
{
    private readonly IItemFrequencyEstimator? frequencies;
    private readonly bool removeAccidentalHits;
    private readonly int catalogSize;
    private readonly bool explicitInSoftmax;
    private readonly float explicitNegativeOffset;
    private readonly float pairwiseWeight;
    private long step;

    /// <param name="frequencies">In-batch sampling probabilities; null turns the logQ correction off.</param>
    /// <param name="removeAccidentalHits">Whether duplicates of a row's positive are masked out of its softmax.</param>
    /// <param name="catalogSize">Number of items uniform negatives are drawn from (for their correction).</param>
    /// <param name="explicitNegativeWeight">How many in-batch negatives one explicit negative counts for in its row's
    /// softmax; 0 leaves explicit negatives out of the softmax (they then serve only the pairwise term).</param>
    /// <param name="pairwiseWeight">Weight of the <see cref="PairwiseRankingLoss"/> between each row's positive and its
    /// explicit negative; 0 turns the term off.</param>
    public RetrievalTask(IItemFrequencyEstimator? frequencies, bool removeAccidentalHits, int catalogSize,
        float explicitNegativeWeight = 1f, float pairwiseWeight = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(explicitNegativeWeight);
        ArgumentOutOfRangeException.ThrowIfNegative(pairwiseWeight);
        this.frequencies = frequencies;
        this.removeAccidentalHits = removeAccidentalHits;
        this.catalogSize = catalogSize;
        explicitInSoftmax = explicitNegativeWeight > 0;
        explicitNegativeOffset = explicitInSoftmax ? MathF.Log(explicitNegativeWeight) : 0f;
        this.pairwiseWeight = pairwiseWeight;
    }

    /// <summary>Computes the batch loss; the caller owns the returned scalar. Call once per training step.</summary>
    /// <param name="users">[B, d] user embeddings.</param>
    /// <param name="candidates">[B + N + H, d]: each row's positive item, then N sampled negatives, then H explicit
    /// negatives.</param>
    /// <param name="temperature">Scalar τ.</param>
    /// <param name="positiveKeys">The B positive item keys.</param>
    /// <param name="sampledKeys">The N sampled negative item keys (may be empty).</param>
    /// <param name="explicitRows">For each of the H explicit negatives, the batch row it belongs to.</param>
    /// <param name="explicitKeys">The H explicit negative item keys (may be empty).</param>
    /// <param name="rankingTemperature">τ of the pairwise term; null uses <paramref name="temperature"/>.</param>
    public Tensor Loss(Tensor users, Tensor candidates, Tensor temperature, ReadOnlySpan<int> positiveKeys,
        ReadOnlySpan<int> sampledKeys, ReadOnlySpan<int> explicitRows = default, ReadOnlySpan<int> explicitKeys = default,
        Tensor? rankingTemperature = null)
    {
        if (explicitRows.Length != explicitKeys.Length)
            throw new ArgumentException("Every explicit negative needs the batch row it belongs to.", nameof(explicitRows));
        using var scope = NewDisposeScope();
        var device = users.device;
        int batch = positiveKeys.Length, sampledEnd = batch + sampledKeys.Length, width = sampledEnd + explicitKeys.Length;
        Tensor? correction = null;
        if (frequencies is not null || explicitKeys.Length > 0)
        {
            var offsets = new float[width];
            if (frequencies is not null)
            {
                frequencies.Observe(positiveKeys, step);
                LogQCorrection.Offsets(frequencies, positiveKeys).CopyTo(offsets, 0);
                if (sampledKeys.Length > 0)
                    Array.Fill(offsets, LogQCorrection.UniformOffset(sampledKeys.Length, catalogSize), batch, sampledKeys.Length);
                if (explicitKeys.Length > 0)
                    LogQCorrection.Offsets(frequencies, explicitKeys).CopyTo(offsets, sampledEnd);
            }
            for (var h = sampledEnd; h < width; h++)
                offsets[h] += explicitNegativeOffset;
            correction = tensor(offsets, device: device);
        }
        step++;

        Tensor? mask = null;
        if (removeAccidentalHits)
        {
            var candidateKeys = new int[sampledEnd];
            positiveKeys.CopyTo(candidateKeys);
            sampledKeys.CopyTo(candidateKeys.AsSpan(batch));
            var rows = tensor(positiveKeys.ToArray(), device: device).unsqueeze(1);
            var columns = tensor(candidateKeys, device: device).unsqueeze(0);
            var own = eye(batch, sampledEnd, ScalarType.Bool, device);
            mask = rows.eq(columns).logical_and(own.logical_not());
        }
        // The batch row each explicit negative belongs to: masks the other rows' softmax and picks the pairwise term's rows.
        var owners = explicitKeys.Length > 0 ? tensor(explicitRows.ToArray(), ScalarType.Int64, device: device) : null;
        if (owners is not null)
        {
            // An explicit negative belongs to one row: every other row's softmax leaves it out (and every row's, when
            // explicit negatives serve only the pairwise term).
            var excluded = explicitInSoftmax
                ? ExplicitScalars.Range(batch, device).unsqueeze(1).ne(owners.unsqueeze(0))
                : ones(batch, explicitKeys.Length, ScalarType.Bool, device);
            mask = cat([mask ?? zeros(batch, sampledEnd, ScalarType.Bool, device), excluded], 1);
        }
        var loss = InfoNceLoss.Compute(users, candidates, temperature, correction, mask);
        if (pairwiseWeight > 0 && owners is not null)
        {
            // Row r's positive is candidate r, so the pairs are (user r, candidate r, its explicit negative).
            var pairwise = PairwiseRankingLoss.Compute(users.index_select(0, owners), candidates.index_select(0, owners),
                candidates.narrow(0, sampledEnd, explicitKeys.Length), rankingTemperature ?? temperature);
            using var weight = pairwiseWeight.ToScalar(); // explicit: see ExplicitScalars
            loss = loss.Plus(pairwise.mul(weight));
        }
        return loss.MoveToOuterDisposeScope();
    }
}
