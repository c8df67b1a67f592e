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

    /// <summary>
    /// The label every interaction carries in implicit mode: <see cref="RecommenderComparison"/> replaces the label
    /// column with it before any model sees the data, so a trainer that reads labels must count this value as a
    /// positive (the Two-Tower trainer's <c>PositiveThreshold</c> at most 1).
    /// </summary>
    public const float ImplicitLabel = 1f;

    /// <summary>
    /// Implicit feedback: every interaction is a positive and its rating is ignored (the label column is replaced with
    /// <see cref="ImplicitLabel"/>). The comparison then runs the implicit protocols (<see cref="Protocol.ImplicitFeedback"/>,
    /// docs/protocols.md): every item ranked on a held-out test file or a per-user split
    /// (<see cref="ImplicitTestFraction"/>), plus cold users and cold items over the catalogue; the warm and cold-user
    /// nDCG protocols, where every rated item would be relevant, do not run. Default false. Data whose labels are all
    /// equal needs it: without it <see cref="RecommenderComparison.Run"/> refuses such data.
    /// </summary>
    public bool Implicit { get; set; }

    /// <summary>
    /// Implicit mode without a test file: the share of each user's interactions held out (seeded, at least one per
    /// user with two or more). Default 0.25, the 75/25 split of Microsoft Recommenders' MovieLens benchmark.
    /// </summary>
    public double ImplicitTestFraction { get; set; } = 0.25;

    /// <summary>Relevance: rating ≥ this. Default 4. Implicit mode ignores it: every interaction is relevant.</summary>
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
