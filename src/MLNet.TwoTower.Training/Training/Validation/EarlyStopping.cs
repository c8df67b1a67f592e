namespace MLNet.TwoTower.Training.Validation;

/// <summary>
/// Tracks the best validation score and says when to stop: after <c>patience</c> epochs in a row without a strictly
/// better score.
/// </summary>
internal sealed class EarlyStopping(int patience)
{
    public int BestEpoch { get; private set; }

    public float BestScore { get; private set; } = float.NegativeInfinity;

    /// <summary>Records an epoch's score; true when it is the best so far (the caller keeps its weights).</summary>
    public bool Improved(int epoch, float score)
    {
        if (!(score > BestScore))
            return false;
        BestScore = score;
        BestEpoch = epoch;
        return true;
    }

    public bool ShouldStop(int epoch) => BestEpoch > 0 && epoch - BestEpoch >= patience;
}
