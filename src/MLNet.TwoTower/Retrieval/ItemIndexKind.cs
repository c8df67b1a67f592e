namespace MLNet.TwoTower.Retrieval;

/// <summary>Which search structure an <see cref="IItemIndex"/> uses.</summary>
public enum ItemIndexKind
{
    /// <summary>
    /// Choose by catalogue size: <see cref="Exact"/> up to <see cref="ItemIndexOptions.ExactSearchMaxItems"/> items,
    /// <see cref="Hnsw"/> above.
    /// </summary>
    Auto = 0,

    /// <summary>Brute-force dot products against every item: always the true top-K, no build cost.</summary>
    Exact = 1,

    /// <summary>
    /// Approximate search over an HNSW graph (USearch): far faster on large catalogues, may miss a few true neighbours.
    /// A catalogue whose vectors differ structurally — some items carry an appended term, such as the popularity prior
    /// of items with training positives, that the others hold at exactly 0 — is split into segments searched on their
    /// own (small ones exactly, within <see cref="ItemIndexOptions.ExactSearchMaxItems"/>; the largest through its
    /// graph) and merged by exact score; one graph over both shapes can miss most of the true top-K.
    /// </summary>
    Hnsw = 2,
}
