namespace MLNet.TwoTower.Evaluation;

/// <summary>What ranking evaluation does with rows whose score is NaN (for example unseen keys of a factor model).</summary>
public enum NaNScoreHandling
{
    /// <summary>Throw an <see cref="ArgumentException"/> that counts the NaN rows. The default: NaN never passes silently.</summary>
    Throw = 0,

    /// <summary>
    /// Keep the rows but rank them below every scored row of the user (as if the model gave up on them). Measured with
    /// ML.NET 5.0.1: its ranking evaluator puts equal scores in the order least favourable to the model, so a user whose
    /// rows are all NaN scores nDCG ≈ 0 rather than a random ranking's value: a model is not rewarded for rows it cannot score.
    /// </summary>
    RankLast = 1,

    /// <summary>Leave the rows out of the evaluation; their count is reported.</summary>
    Drop = 2,
}
