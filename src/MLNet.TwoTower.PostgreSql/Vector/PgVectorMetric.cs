namespace MLNet.TwoTower.PostgreSql.Vector;

/// <summary>How pgvector compares a query with the item embeddings; pick the one that matches the model's score.</summary>
public enum PgVectorMetric
{
    /// <summary>
    /// Inner product (<c>vector_ip_ops</c>, ordered by <c>&lt;#&gt;</c>, the negative inner product): the Two-Tower
    /// score itself. The default.
    /// </summary>
    InnerProduct = 0,

    /// <summary>
    /// Cosine (<c>vector_cosine_ops</c>, ordered by <c>&lt;=&gt;</c>, one minus the cosine): the same ranking as the
    /// inner product only when embeddings are L2-normalised — a Two-Tower model without popularity prior or ranking head.
    /// The default model's embeddings end with the item's prior and bias, so only the inner product ranks by its score.
    /// </summary>
    Cosine = 1,
}
