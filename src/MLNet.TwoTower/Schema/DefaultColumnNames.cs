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

    /// <summary>Scalar <see cref="float"/> a fitted model adds: the cosine (or dot product) of the user and item embeddings.</summary>
    public const string Score = "Score";

    /// <summary>Known-size <see cref="float"/> vector a fitted Two-Tower model adds: the user tower's output.</summary>
    public const string UserEmbedding = "UserEmbedding";

    /// <summary>Known-size <see cref="float"/> vector a fitted Two-Tower model adds: the item tower's output.</summary>
    public const string ItemEmbedding = "ItemEmbedding";

    /// <summary>Vector a fitted matrix factorization model adds: the user's (row's) factors.</summary>
    public const string UserFactors = "UserFactors";

    /// <summary>Vector a fitted matrix factorization model adds: the item's (column's) factors.</summary>
    public const string ItemFactors = "ItemFactors";
}
