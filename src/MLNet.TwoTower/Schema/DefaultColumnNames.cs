namespace MLNet.TwoTower.Schema;

/// <summary>
/// The column names every component of MLNet.TwoTower reads and writes unless told otherwise: the Two-Tower trainer,
/// matrix factorization, popularity, retrieval, evaluation and comparison options all default to these, and
/// <c>PreparedData</c> produces them. Data prepared under these names needs no column-name settings anywhere.
/// </summary>
public static class DefaultColumnNames
{
    /// <summary>Key-typed user id (build it with <c>MapValueToKey</c>): the input every trainer and evaluator groups by.</summary>
    public const string UserId = "UserId";

    /// <summary>Key-typed item id (build it with <c>MapValueToKey</c>).</summary>
    public const string ItemId = "ItemId";

    /// <summary>The rating (<see cref="float"/>) or, for the Two-Tower trainer, a <see cref="bool"/> positive flag.</summary>
    public const string Label = "Label";

    /// <summary>Known-size <see cref="float"/> vector: the user's content features.</summary>
    public const string UserFeatures = "UserFeatures";

    /// <summary>Known-size <see cref="float"/> vector: the item's content features.</summary>
    public const string ItemFeatures = "ItemFeatures";

    /// <summary>
    /// Scalar <see cref="float"/> a fitted model adds: its ranking score (higher is better). For a Two-Tower model with
    /// a ranking head, the predicted rating plus the validated share of the retrieval score; otherwise the retrieval
    /// score.
    /// </summary>
    public const string Score = "Score";

    /// <summary>
    /// Scalar <see cref="float"/> a fitted Two-Tower model adds: the dot product of <see cref="UserEmbedding"/> and
    /// <see cref="ItemEmbedding"/>, what exact search, the HNSW index and the full-catalogue protocols rank by.
    /// </summary>
    public const string RetrievalScore = "RetrievalScore";

    /// <summary>
    /// Known-size <see cref="float"/> vector a fitted Two-Tower model adds: the user's retrieval embedding (the tower's
    /// normalised output, followed by the popularity prior's weight β and zeros when the model has those terms).
    /// </summary>
    public const string UserEmbedding = "UserEmbedding";

    /// <summary>
    /// Known-size <see cref="float"/> vector a fitted Two-Tower model adds: the item's retrieval embedding (the tower's
    /// normalised output, followed by its log-popularity prior, its rating bias and a 1 when the model has those terms).
    /// </summary>
    public const string ItemEmbedding = "ItemEmbedding";

    /// <summary>
    /// Known-size <see cref="float"/> vector the user tower of a Two-Tower model with a ranking head adds: its dot
    /// product with <see cref="ItemEmbedding"/> is <see cref="Score"/> (the scaled embedding, the score mix's share of
    /// the popularity prior, and the user's rating bias plus the global mean against the item's constant 1).
    /// </summary>
    public const string UserRankingEmbedding = "UserRankingEmbedding";

    /// <summary>Vector a fitted matrix factorization model adds: the user's (row's) factors.</summary>
    public const string UserFactors = "UserFactors";

    /// <summary>Vector a fitted matrix factorization model adds: the item's (column's) factors.</summary>
    public const string ItemFactors = "ItemFactors";
}
