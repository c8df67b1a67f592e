namespace MLNet.TwoTower.Retrieval;

/// <summary>How an HNSW index stores the item vectors it walks its graph with.</summary>
public enum ItemVectorPrecision
{
    /// <summary>32-bit floats: the graph's distances are the embeddings' own dot products.</summary>
    Float32 = 0,

    /// <summary>
    /// 16-bit floats (IEEE half) for the graph, plus the 32-bit vectors to score its candidates with: half the
    /// memory read per visited node, so a search is faster at the same efSearch, and every returned score is the
    /// exact 32-bit dot product (the same value and order as exact search over those items). The index file is
    /// larger by the 32-bit vectors.
    /// </summary>
    Float16 = 1,
}
