namespace MLNet.TwoTower.Retrieval;

/// <summary>Argument checks and catalogue bookkeeping shared by the exact and HNSW indexes.</summary>
internal abstract class ItemIndexBase : IItemIndex
{
    protected ItemIndexBase(ItemCatalog catalog, int searchThreads)
    {
        Catalog = catalog;
        SearchThreads = RetrievalDefaults.ResolveThreads(searchThreads);
    }

    internal ItemCatalog Catalog { get; }

    internal int SearchThreads { get; }

    public int Count => Catalog.Count;

    public int Dimension => Catalog.Dimension;

    public abstract ItemIndexKind Kind { get; }

    public ScoredItem[] Search(ReadOnlySpan<float> query, int k, Func<uint, bool>? accept = null)
    {
        CheckK(k);
        CheckQuery(query, nameof(query));
        return SearchOne(query, Math.Min(k, Count), accept);
    }

    public ScoredItem[][] Search(IReadOnlyList<float[]> queries, int k, Func<int, uint, bool>? accept = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        CheckK(k);
        for (int q = 0; q < queries.Count; q++)
        {
            if (queries[q] is null)
                throw new ArgumentNullException(nameof(queries), $"Query {q} is null.");
            CheckQuery(queries[q], $"{nameof(queries)}[{q}]");
        }
        return SearchMany(queries, Math.Min(k, Count), accept);
    }

    public abstract void Save(string path);

    public abstract void Dispose();

    /// <summary>Top-k for one query; <paramref name="k"/> is already clamped to the catalogue size.</summary>
    protected abstract ScoredItem[] SearchOne(ReadOnlySpan<float> query, int k, Func<uint, bool>? accept);

    /// <summary>Top-k for many queries; <paramref name="k"/> is already clamped to the catalogue size.</summary>
    protected abstract ScoredItem[][] SearchMany(IReadOnlyList<float[]> queries, int k, Func<int, uint, bool>? accept);

    private static void CheckK(int k)
    {
        if (k <= 0)
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be positive: it is how many items to return.");
    }

    private void CheckQuery(ReadOnlySpan<float> query, string name)
    {
        if (query.Length != Dimension)
            throw new ArgumentException(
                $"Query embedding has width {query.Length}, but the index holds {Dimension}-wide item embeddings. " +
                "Use the user embedding of the same model that embedded the items.", name);
        for (int i = 0; i < query.Length; i++)
        {
            if (!float.IsFinite(query[i]))
                throw new ArgumentException(
                    $"Query embedding element {i} is {query[i]}; NaN or infinite queries rank items arbitrarily. " +
                    "Check the user's features (missing values) or the model.", name);
        }
    }
}
