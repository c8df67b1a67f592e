namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Top-K maximum-inner-product search over a fixed item catalogue (TensorFlow Recommenders' <c>factorized_top_k</c>:
/// the candidates are indexed once, then queried with user embeddings). Implementations are safe for concurrent
/// queries from any number of threads.
/// </summary>
public interface IItemIndex : IDisposable
{
    /// <summary>Number of items indexed.</summary>
    int Count { get; }

    /// <summary>Embedding width every query must have.</summary>
    int Dimension { get; }

    /// <summary>The search structure in use (never <see cref="ItemIndexKind.Auto"/>).</summary>
    ItemIndexKind Kind { get; }

    /// <summary>
    /// The <paramref name="k"/> items with the highest dot product with <paramref name="query"/>, best first.
    /// Returns fewer when the catalogue (after <paramref name="accept"/>) has fewer.
    /// </summary>
    /// <param name="query">A query embedding of width <see cref="Dimension"/>.</param>
    /// <param name="k">How many items to return; must be positive.</param>
    /// <param name="accept">Optional predicate on the item key; items it rejects are skipped and replaced by the next best.</param>
    ScoredItem[] Search(ReadOnlySpan<float> query, int k, Func<uint, bool>? accept = null);

    /// <summary>
    /// <see cref="Search(ReadOnlySpan{float}, int, Func{uint, bool}?)"/> for many queries at once, in parallel;
    /// result <c>i</c> belongs to query <c>i</c>.
    /// </summary>
    /// <param name="queries">Query embeddings, each of width <see cref="Dimension"/>.</param>
    /// <param name="k">How many items to return per query; must be positive.</param>
    /// <param name="accept">Optional predicate on (query index, item key); rejected items are skipped.</param>
    ScoredItem[][] Search(IReadOnlyList<float[]> queries, int k, Func<int, uint, bool>? accept = null);

    /// <summary>
    /// Writes the index to <paramref name="path"/> atomically (a failed write leaves any previous file intact).
    /// Load it back with <c>ml.Ranking.LoadItemIndex</c>, which checks it still matches the model.
    /// </summary>
    /// <param name="path">The file to write; conventionally next to the model, e.g. <c>model.zip.items</c>.</param>
    void Save(string path);
}
