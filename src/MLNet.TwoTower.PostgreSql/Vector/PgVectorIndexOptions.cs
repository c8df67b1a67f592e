namespace MLNet.TwoTower.PostgreSql.Vector;

/// <summary>The table, HNSW parameters and query settings of a <see cref="PgVectorItemIndex"/>.</summary>
public sealed class PgVectorIndexOptions
{
    /// <summary>
    /// The table holding the items, optionally schema-qualified: <c>item_key</c> (bigint, primary key: the model's
    /// item key), <c>item_id</c> (text, the original id) and <c>embedding</c> (<c>vector(d)</c>) with an HNSW index.
    /// </summary>
    public string Table { get; set; } = PgVectorIndexDefaults.Table;

    /// <summary>The metric of the HNSW index and of queries; must match the model's score.</summary>
    public PgVectorMetric Metric { get; set; } = PgVectorIndexDefaults.Metric;

    /// <summary>HNSW <c>m</c>: links per node. pgvector's default is 16.</summary>
    public int Connectivity { get; set; } = PgVectorIndexDefaults.Connectivity;

    /// <summary>HNSW <c>ef_construction</c>: candidate list size while building. pgvector's default is 64.</summary>
    public int ExpansionAdd { get; set; } = PgVectorIndexDefaults.ExpansionAdd;

    /// <summary>
    /// <c>hnsw.ef_search</c> for every query: candidate list size while searching; higher is slower and finds more of
    /// the true top-K. At least the catalogue size makes the search exhaustive over the graph.
    /// </summary>
    public int ExpansionSearch { get; set; } = PgVectorIndexDefaults.ExpansionSearch;

    /// <summary><c>maintenance_work_mem</c> for the index build, in MiB; the build is far slower once the graph outgrows it.</summary>
    public int BuildMemoryMegabytes { get; set; } = PgVectorIndexDefaults.BuildMemoryMegabytes;

    /// <summary>Connections (and threads) for batch searches; 0 means one per core.</summary>
    public int SearchThreads { get; set; } = PgVectorIndexDefaults.SearchThreads;

    internal void Validate()
    {
        PostgresIdentifier.Quote(Table, nameof(Table), PgVectorIndexDefaults.NewTableSuffix.Length + "_embedding_idx".Length);
        if (!Enum.IsDefined(Metric))
            throw new ArgumentOutOfRangeException(nameof(Metric), Metric, "Metric must be InnerProduct or Cosine.");
        // pgvector's own limits.
        if (Connectivity is < 2 or > 100)
            throw new ArgumentOutOfRangeException(nameof(Connectivity), Connectivity, "Connectivity (HNSW m) must be between 2 and 100; pgvector's default is 16.");
        if (ExpansionAdd < 2 * Connectivity || ExpansionAdd > 1000)
            throw new ArgumentOutOfRangeException(nameof(ExpansionAdd), ExpansionAdd, $"ExpansionAdd (ef_construction) must be between 2 × Connectivity ({2 * Connectivity}) and 1000.");
        if (ExpansionSearch is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(ExpansionSearch), ExpansionSearch, "ExpansionSearch (hnsw.ef_search) must be between 1 and 1000.");
        if (BuildMemoryMegabytes < 64)
            throw new ArgumentOutOfRangeException(nameof(BuildMemoryMegabytes), BuildMemoryMegabytes, "BuildMemoryMegabytes must be at least 64.");
        if (SearchThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(SearchThreads), SearchThreads, "SearchThreads must be 0 (one per core) or positive.");
    }
}

/// <summary>Defaults of <see cref="PgVectorIndexOptions"/>.</summary>
public static class PgVectorIndexDefaults
{
    /// <summary>The item table.</summary>
    public const string Table = "item_embeddings";

    /// <summary>The metric: the Two-Tower score is an inner product.</summary>
    public const PgVectorMetric Metric = PgVectorMetric.InnerProduct;

    /// <summary>pgvector's default m.</summary>
    public const int Connectivity = 16;

    /// <summary>pgvector's default ef_construction.</summary>
    public const int ExpansionAdd = 64;

    /// <summary>pgvector's default hnsw.ef_search.</summary>
    public const int ExpansionSearch = 40;

    /// <summary>Enough for a 1M × 64-d graph.</summary>
    public const int BuildMemoryMegabytes = 1024;

    /// <summary>One connection per core.</summary>
    public const int SearchThreads = 0;

    /// <summary>Suffix of the table being built before it replaces the previous one.</summary>
    public const string NewTableSuffix = "__new";
}
