namespace MLNet.TwoTower.Retrieval;

/// <summary>Default values of the retrieval options, written once; the options initialisers and the docs read these.</summary>
internal static class RetrievalDefaults
{
    public const string ItemKeyColumnName = "ItemKey";
    public const string UserKeyColumnName = "UserKey";
    public const string ItemEmbeddingColumnName = "ItemEmbedding";
    public const string UserEmbeddingColumnName = "UserEmbedding";

    /// <summary>
    /// Catalogues up to this size get exact search. Measured on the project machine (2 cores, 64-d, see
    /// eng/bench/MLNet.TwoTower.Retrieval.Benchmarks): exact search costs ~1.5 ms a query at 100k items, while an HNSW
    /// graph over 100k items takes the better part of a minute to build; below this size the build never pays off.
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
