namespace MLNet.TwoTower.Schema;

/// <summary>Names of the columns a fitted Two-Tower model adds to the data.</summary>
public static class TwoTowerColumnNames
{
    /// <summary>Scalar <see cref="float"/>: the cosine (or dot product) of the user and item embeddings.</summary>
    public const string Score = "Score";

    /// <summary>Known-size <see cref="float"/> vector: the user tower's output.</summary>
    public const string UserEmbedding = "UserEmbedding";

    /// <summary>Known-size <see cref="float"/> vector: the item tower's output.</summary>
    public const string ItemEmbedding = "ItemEmbedding";
}
