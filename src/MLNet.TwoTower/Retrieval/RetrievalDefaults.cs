namespace MLNet.TwoTower.Retrieval;

/// <summary>Default values of the retrieval options, written once; the options initialisers and the docs read these.</summary>
internal static class RetrievalDefaults
{
    /// <summary>
    /// Catalogues up to this size get exact search. Measured with eng/bench/MLNet.TwoTower.Retrieval.Benchmarks
    /// (64-d embeddings of a trained item tower, 2 shared cores; eng/bench/results/retrieval/): exact search answers a
    /// query in about 0.09 ms at 10k items and 0.9 ms at 100k on one core, needs no build and misses nothing. HNSW can
    /// be faster even there (2.6× at 10k with efSearch 64, recall@10 0.964), but saves a fraction of a millisecond for
    /// a build and part of the top-10; at 1M exact search takes about 11 ms a query and HNSW is 10.8× faster at
    /// recall@10 0.954. Above ~100k the graph pays off.
    /// </summary>
    public const int ExactSearchMaxItems = 100_000;

    /// <summary>
    /// HNSW connectivity (M): graph edges per node. 16, not 32: at 1M items M 32 (with efConstruction 256) was not
    /// clearly faster at equal recall (1.0–1.6× over the two runs that compared them, with earlier towers; see the
    /// benchmark README) but built 2.2–2.6× longer into a 31% larger graph, and the graph is rebuilt every time the
    /// model is retrained.
    /// </summary>
    public const int Connectivity = 16;

    /// <summary>HNSW efConstruction: candidate list width while inserting (256 gained little over 128 at M 16).</summary>
    public const int ExpansionAdd = 128;

    /// <summary>
    /// HNSW efSearch: candidate list width while searching. 320 gives recall@10 0.954 at 1M items (M 16,
    /// efConstruction 128) at 10.8× the queries/s of exact search on one thread (12.3× on two); 64, the earlier
    /// default, gave 0.77 there. Near-equal scores are common among trained embeddings of similar items, so the
    /// top-10 needs a wide search.
    /// </summary>
    public const int ExpansionSearch = 320;

    /// <summary>
    /// HNSW vector storage: 32-bit, the format every earlier index file has. Half precision is the faster choice for
    /// large catalogues (see <see cref="ItemIndexOptions.VectorPrecision"/>) and is opt-in.
    /// </summary>
    public const ItemVectorPrecision VectorPrecision = ItemVectorPrecision.Float32;

    /// <summary>Threads adding to the HNSW graph; 1 keeps the graph (and so approximate results) reproducible.</summary>
    public const int BuildThreads = 1;

    /// <summary>With a filter or exclusions, HNSW first asks for this many times k candidates, then doubles until k pass.</summary>
    public const int OverFetchFactor = 4;

    /// <summary>Search threads: 0 means <see cref="Environment.ProcessorCount"/>.</summary>
    public const int SearchThreads = 0;

    public static int ResolveThreads(int requested) => requested > 0 ? requested : Environment.ProcessorCount;
}
