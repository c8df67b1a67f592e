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
    /// (64-d clustered embeddings, 2 shared cores): at 10k items HNSW (M 16, efSearch 64) answers no faster than exact
    /// search (0.8×) and still misses 3% of the top-10; at 100k it is 2.5× faster at recall 0.96 (efSearch 128) but
    /// its graph took minutes to build while exact search needs no build. Only above ~100k does the graph pay off.
    /// </summary>
    public const int ExactSearchMaxItems = 100_000;

    /// <summary>HNSW connectivity (M): graph edges per node.</summary>
    public const int Connectivity = 16;

    /// <summary>HNSW efConstruction: candidate list width while inserting.</summary>
    public const int ExpansionAdd = 128;

    /// <summary>HNSW efSearch: candidate list width while searching.</summary>
    public const int ExpansionSearch = 64;

    /// <summary>Threads adding to the HNSW graph; 1 keeps the graph (and so approximate results) reproducible.</summary>
    public const int BuildThreads = 1;

    /// <summary>With a filter or exclusions, HNSW first asks for this many times k candidates, then doubles until k pass.</summary>
    public const int OverFetchFactor = 4;

    /// <summary>Search threads: 0 means <see cref="Environment.ProcessorCount"/>.</summary>
    public const int SearchThreads = 0;

    public static int ResolveThreads(int requested) => requested > 0 ? requested : Environment.ProcessorCount;
}
