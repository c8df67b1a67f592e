using MLNet.TwoTower.Schema;


namespace MLNet.TwoTower.Retrieval;

/// <summary>Options for building an <see cref="IItemIndex"/> over an item catalogue.</summary>
public sealed class ItemIndexOptions
{
    /// <summary>
    /// The item key column (an ML.NET key type) in the catalogue after the model has run on it.
    /// Default <c>"ItemId"</c> (<see cref="DefaultColumnNames.ItemId"/>).
    /// </summary>
    public string ItemIdColumnName { get; set; } = DefaultColumnNames.ItemId;

    /// <summary>The item embedding column (vector of <see cref="float"/>) the model outputs. Default <c>"ItemEmbedding"</c>.</summary>
    public string ItemEmbeddingColumnName { get; set; } = DefaultColumnNames.ItemEmbedding;

    /// <summary>
    /// Exact or HNSW search. Default <see cref="ItemIndexKind.Auto"/>: exact up to <see cref="ExactSearchMaxItems"/>
    /// items, HNSW above.
    /// </summary>
    public ItemIndexKind Kind { get; set; } = ItemIndexKind.Auto;

    /// <summary>
    /// The largest catalogue that <see cref="ItemIndexKind.Auto"/> searches exactly. Default 100,000: measured on 2
    /// cores with 64-d trained embeddings, exact search takes about 0.9 ms a query at 100k items with no build and no
    /// missed items, while at 1M it takes about 11 ms and HNSW is 10.8× faster at recall@10 0.954. Too low spends build time (and
    /// recall) on catalogues that exact search serves quickly; too high makes every query scan the whole catalogue.
    /// An HNSW index also uses it as the budget for scanning its small segments exactly (see
    /// <see cref="ItemIndexKind.Hnsw"/>): 0 gives every segment a graph of its own.
    /// </summary>
    public int ExactSearchMaxItems { get; set; } = RetrievalDefaults.ExactSearchMaxItems;

    /// <summary>
    /// HNSW connectivity (M, edges per node). Default 16. Higher gives better recall and a bigger, slower-to-build
    /// index (at 1M items M 32 with efConstruction 256 was not clearly faster at equal recall, but built 2.2–2.6×
    /// longer into a 31% larger graph); below 8 recall drops sharply.
    /// </summary>
    public int Connectivity { get; set; } = RetrievalDefaults.Connectivity;

    /// <summary>
    /// HNSW efConstruction. Default 128. Higher builds a better graph (recall) more slowly; much below 2·M the graph
    /// is poor.
    /// </summary>
    public int ExpansionAdd { get; set; } = RetrievalDefaults.ExpansionAdd;

    /// <summary>
    /// HNSW efSearch: candidates kept while searching (at least k is used). Default 320, which gave recall@10 0.954
    /// at 1M items with the default M and efConstruction, at 10.8× the queries/s of exact search on one thread. Higher raises
    /// recall and lowers queries per second; it can be changed when a saved index is loaded.
    /// </summary>
    public int ExpansionSearch { get; set; } = RetrievalDefaults.ExpansionSearch;

    /// <summary>
    /// How the HNSW graph stores item vectors (ignored by exact search). Default
    /// <see cref="ItemVectorPrecision.Float32"/>. <see cref="ItemVectorPrecision.Float16"/> walks the graph over
    /// half-precision vectors and scores the candidates it finds (<see cref="OverFetchFactor"/> × k of them) with the
    /// 32-bit vectors, so scores stay exact: at 200k items of 64-d embeddings it searched 1.5–2.4× faster than 32-bit
    /// at the same efSearch with the same recall@10 (0.978 vs 0.977 at efSearch 128; two runs on 2 cores), and the file
    /// grows by the 32-bit vectors (4 bytes × width per item).
    /// </summary>
    public ItemVectorPrecision VectorPrecision { get; set; } = RetrievalDefaults.VectorPrecision;

    /// <summary>
    /// Threads adding items to the HNSW graph. Default 1, which makes the graph, and so the approximate results,
    /// identical from build to build; more threads build faster on idle cores, but the graph depends on thread timing.
    /// Give no more threads than cores that are actually free: USearch's per-node locks spin, so a thread that waits
    /// for one held by a descheduled thread burns its time slice. On a 2-core machine busy with other work, 2 build
    /// threads were measured 2.2× slower than 1 (eng/bench/MLNet.TwoTower.Retrieval.Benchmarks).
    /// </summary>
    public int BuildThreads { get; set; } = RetrievalDefaults.BuildThreads;

    /// <summary>
    /// Most queries served at once (HNSW reserves one search context per thread; batch searches use this many
    /// threads). Default 0: <see cref="Environment.ProcessorCount"/>. Further concurrent callers wait their turn.
    /// </summary>
    public int SearchThreads { get; set; } = RetrievalDefaults.SearchThreads;

    /// <summary>
    /// With an item filter or exclusions (or half-precision vectors, whose candidates are rescored exactly), HNSW
    /// first fetches this many times k candidates, then doubles the fetch until k pass or the whole catalogue has
    /// been seen. Default 4. Higher wastes work when few items are
    /// rejected; lower means more refetches when many are.
    /// </summary>
    public int OverFetchFactor { get; set; } = RetrievalDefaults.OverFetchFactor;

    /// <summary>
    /// Receives how many items have been added while the index is built (about every 1% of the catalogue for HNSW,
    /// once at the end for exact search), on the adding thread. Default null. An HNSW build of a million items takes
    /// minutes.
    /// </summary>
    public IProgress<ItemIndexBuildProgress>? Progress { get; set; }

    /// <summary>A copy of these options that reports build progress to <paramref name="progress"/> instead.</summary>
    internal ItemIndexOptions WithProgress(IProgress<ItemIndexBuildProgress>? progress)
    {
        var copy = (ItemIndexOptions)MemberwiseClone();
        copy.Progress = progress;
        return copy;
    }

    internal void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ItemIdColumnName)) problems.Add($"{nameof(ItemIdColumnName)} must name a column.");
        if (string.IsNullOrWhiteSpace(ItemEmbeddingColumnName)) problems.Add($"{nameof(ItemEmbeddingColumnName)} must name a column.");
        if (!Enum.IsDefined(Kind)) problems.Add($"{nameof(Kind)} must be Auto, Exact or Hnsw; got {(int)Kind}.");
        if (!Enum.IsDefined(VectorPrecision)) problems.Add($"{nameof(VectorPrecision)} must be Float32 or Float16; got {(int)VectorPrecision}.");
        if (ExactSearchMaxItems < 0) problems.Add($"{nameof(ExactSearchMaxItems)} must be ≥ 0; got {ExactSearchMaxItems}.");
        if (Connectivity < 2) problems.Add($"{nameof(Connectivity)} must be ≥ 2; got {Connectivity}. Try 16.");
        if (ExpansionAdd < 1) problems.Add($"{nameof(ExpansionAdd)} must be ≥ 1; got {ExpansionAdd}. Try 128.");
        if (ExpansionSearch < 1) problems.Add($"{nameof(ExpansionSearch)} must be ≥ 1; got {ExpansionSearch}. Try 320.");
        if (BuildThreads < 1) problems.Add($"{nameof(BuildThreads)} must be ≥ 1; got {BuildThreads}.");
        if (SearchThreads < 0) problems.Add($"{nameof(SearchThreads)} must be ≥ 0 (0 = one per core); got {SearchThreads}.");
        if (OverFetchFactor < 1) problems.Add($"{nameof(OverFetchFactor)} must be ≥ 1; got {OverFetchFactor}.");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid item index options: " + string.Join(" ", problems), "options");
    }
}
