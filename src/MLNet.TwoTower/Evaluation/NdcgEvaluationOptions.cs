using MLNet.TwoTower.Schema;


namespace MLNet.TwoTower.Evaluation;

/// <summary>Options of <see cref="ReferenceNdcgEvaluator"/>: the reference protocol's per-user nDCG.</summary>
public sealed class NdcgEvaluationOptions
{
    /// <summary>The column that groups rows into users (key, number or text). Default <see cref="DefaultColumnNames.UserId"/>.</summary>
    public string UserIdColumnName { get; set; } = DefaultColumnNames.UserId;

    /// <summary>The rating column (Single/Double). Default <see cref="DefaultColumnNames.Label"/>.</summary>
    public string LabelColumnName { get; set; } = DefaultColumnNames.Label;

    /// <summary>The score column (Single). Default <see cref="DefaultColumnNames.Score"/>.</summary>
    public string ScoreColumnName { get; set; } = DefaultColumnNames.Score;

    /// <summary>A row is relevant (gain 1) when its rating is at least this; otherwise gain 0. Default 4.</summary>
    public float RelevanceThreshold { get; set; } = 4f;

    /// <summary>nDCG is reported at 1..this. Default 10. Must be positive.</summary>
    public int TruncationLevel { get; set; } = 10;

    /// <summary>What to do with NaN scores. Default <see cref="NaNScoreHandling.Throw"/>.</summary>
    public NaNScoreHandling NaNScores { get; set; } = NaNScoreHandling.Throw;
}
