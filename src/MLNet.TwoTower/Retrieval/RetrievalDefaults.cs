namespace MLNet.TwoTower.Retrieval;

/// <summary>Default values of the retrieval options, written once; the options initialisers and the docs read these.</summary>
internal static class RetrievalDefaults
{
    public const string ItemKeyColumnName = "ItemKey";
    public const string UserKeyColumnName = "UserKey";
    public const string ItemEmbeddingColumnName = "ItemEmbedding";
    public const string UserEmbeddingColumnName = "UserEmbedding";

    /// <summary>
    /// Catalogues up to this size get exact search. Measured with eng/bench/MLNet.TwoTower.Retrieval.Benchmarks
    /// (64-d embeddings of a trained item tower, 2 shared cores): exact search answers a query in about 0.1 ms at 10k
    /// items and 1 ms at 100k on one core, needs no build and misses nothing. HNSW can be faster even there (2.9× at
    /// 10k with efSearch 64), but saves a fraction of a millisecond for a build and part of the top-10; at 1M exact
    /// search takes about 10 ms a query and HNSW is 12× faster at recall 0.957. Above ~100k the graph pays off.
    /// </summary>
    public const int ExactSearchMaxItems = 100_000;

    /// <summary>
    /// HNSW connectivity (M): graph edges per node. 16, not 32: at 1M items M 32 (with efConstruction 256) was no
    /// clearly faster at equal recall (1.0–1.6× over two runs) but built 2.2–2.6× longer into a 31% larger graph, and
    /// the graph is rebuilt every time the model is retrained.
    /// </summary>
    public const int Connectivity = 16;

    /// <summary>HNSW efConstruction: candidate list width while inserting (256 gained little over 128 at M 16).</summary>
    public const int ExpansionAdd = 128;

    /// <summary>
    /// HNSW efSearch: candidate list width while searching. 320 gives recall@10 0.957 at 1M items (M 16,
    /// efConstruction 128) at 12× the queries/s of exact search; 64, the earlier default, gave 0.77 there. Near-equal scores are common among trained embeddings of similar items, so the top-10 needs a wide search.
    /// </summary>
    public const int ExpansionSearch = 320;

    /// <summary>Threads adding to the HNSW graph; 1 keeps the graph (and so approximate results) reproducible.</summary>
    public const int BuildThreads = 1;

    /// <summary>With a filter or exclusions, HNSW first asks for this many times k candidates, then doubles until k pass.</summary>
    public const int OverFetchFactor = 4;

    /// <summary>Search threads: 0 means <see cref="Environment.ProcessorCount"/>.</summary>
    public const int SearchThreads = 0;

    public static int ResolveThreads(int requested) => requested > 0 ? requested : Environment.ProcessorCount;
}
