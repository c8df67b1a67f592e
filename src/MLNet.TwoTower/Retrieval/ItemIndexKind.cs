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

    /// <summary>Approximate search over an HNSW graph (USearch): far faster on large catalogues, may miss a few true neighbours.</summary>
    Hnsw = 2,
}
