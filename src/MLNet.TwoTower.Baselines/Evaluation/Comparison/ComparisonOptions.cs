using MLNet.TwoTower.Schema;


namespace MLNet.TwoTower.Evaluation;

/// <summary>Options of <see cref="RecommenderComparison"/>; defaults follow the reference protocols (docs/protocols.md).</summary>
public sealed class ComparisonOptions
{
    /// <summary>User key column. Default <see cref="DefaultColumnNames.UserId"/>.</summary>
    public string UserIdColumnName { get; set; } = DefaultColumnNames.UserId;

    /// <summary>Item key column. Default <see cref="DefaultColumnNames.ItemId"/>.</summary>
    public string ItemIdColumnName { get; set; } = DefaultColumnNames.ItemId;

    /// <summary>Rating column. Default <see cref="DefaultColumnNames.Label"/>.</summary>
    public string LabelColumnName { get; set; } = DefaultColumnNames.Label;

    /// <summary>Relevance: rating ≥ this. Default 4.</summary>
    public float RelevanceThreshold { get; set; } = 4f;

    /// <summary>Seed of the splits and of the random floor. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Test fraction of the warm (reference) split. Default 0.2.</summary>
    public double TestFraction { get; set; } = 0.2;

    /// <summary>Fraction of users held out for the cold-user protocol. Default 0.1; 0 skips that protocol.</summary>
    public double ColdUserFraction { get; set; } = 0.1;

    /// <summary>
    /// Fraction of items held out entirely for the cold-start item protocol (docs/protocols.md): models train without them,
    /// then rank only them for each user with a positive among them. Default 0.1; 0 skips that protocol.
    /// </summary>
    public double ColdItemFraction { get; set; } = 0.1;

    /// <summary>nDCG cut-offs reported by the ranking protocols. Default 1, 3, 5, 10.</summary>
    public IReadOnlyList<int> NdcgCutoffs { get; set; } = [1, 3, 5, 10];

    /// <summary>Cut-offs of the full-catalog metrics. Default 10, 50.</summary>
    public IReadOnlyList<int> CatalogCutoffs { get; set; } = [10, 50];

    /// <summary>
    /// NaN scores in the ranking protocols (unseen keys of a factor model): ranked last by default, so a model is not
    /// excused from rows it cannot score.
    /// </summary>
    public NaNScoreHandling NaNScores { get; set; } = NaNScoreHandling.RankLast;

    /// <summary>Receives a line after every model fit (model, split, seconds): the harness's progress. Optional.</summary>
    public Action<string>? OnModelFitted { get; set; }

    /// <summary>Add the random and popularity floors to every table. Default true.</summary>
    public bool IncludeFloors { get; set; } = true;
}
