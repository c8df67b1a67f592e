using Microsoft.ML;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Entry points for retrieval on <c>ml.Ranking</c>: build or load an item index from a fitted (or
/// <c>ml.Model.Load</c>-ed) model, and recommend from it.
/// </summary>
public static class RetrievalCatalogExtensions
{
    /// <summary>
    /// Runs <paramref name="model"/> over the item catalogue and indexes every item's embedding.
    /// </summary>
    /// <param name="catalog">The ranking catalog (<c>ml.Ranking</c>).</param>
    /// <param name="model">Any transformer that outputs the item key and item embedding columns.</param>
    /// <param name="items">One row per item (the item table, not the interactions).</param>
    /// <param name="itemIdColumnName">The item key column after the model has run.</param>
    /// <param name="itemEmbeddingColumnName">The item embedding column the model outputs.</param>
    /// <param name="kind">Exact, HNSW, or <see cref="ItemIndexKind.Auto"/> (by catalogue size).</param>
    /// <returns>An index safe for concurrent queries; dispose it when done (HNSW holds native memory).</returns>
    public static IItemIndex BuildItemIndex(this RankingCatalog catalog, ITransformer model, IDataView items,
        string itemIdColumnName = DefaultColumnNames.ItemId,
        string itemEmbeddingColumnName = DefaultColumnNames.ItemEmbedding,
        ItemIndexKind kind = ItemIndexKind.Auto) =>
        BuildItemIndex(catalog, model, items, new ItemIndexOptions
        {
            ItemIdColumnName = itemIdColumnName,
            ItemEmbeddingColumnName = itemEmbeddingColumnName,
            Kind = kind,
        });

    /// <summary>Runs <paramref name="model"/> over the item catalogue and indexes every item's embedding.</summary>
    /// <param name="catalog">The ranking catalog (<c>ml.Ranking</c>).</param>
    /// <param name="model">Any transformer that outputs the item key and item embedding columns.</param>
    /// <param name="items">One row per item (the item table, not the interactions).</param>
    /// <param name="options">Columns, index kind and HNSW parameters.</param>
    /// <exception cref="ArgumentException">
    /// A column is missing or mistyped, an embedding is NaN/infinite or of inconsistent width (the row is named), or an
    /// item key is missing or repeated.
    /// </exception>
    public static IItemIndex BuildItemIndex(this RankingCatalog catalog, ITransformer model, IDataView items, ItemIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ItemIndexFactory.Build(model, items, options);
    }

    /// <summary>
    /// Loads an index saved with <see cref="IItemIndex.Save"/>, refusing it when it does not belong to
    /// <paramref name="model"/> (different embedding width or different item key dictionary).
    /// </summary>
    /// <param name="catalog">The ranking catalog (<c>ml.Ranking</c>).</param>
    /// <param name="path">The saved index file.</param>
    /// <param name="model">The model the index will serve.</param>
    /// <param name="itemSchema">Schema of the item catalogue as fed to the model (e.g. <c>items.Schema</c>).</param>
    /// <param name="options">
    /// Columns and serving knobs (search threads, over-fetch, efSearch). When null, defaults apply and an HNSW index
    /// keeps the efSearch it was saved with; when given, its <see cref="ItemIndexOptions.ExpansionSearch"/> is used.
    /// Build-time knobs (kind, connectivity, efConstruction) are fixed by the file.
    /// </param>
    /// <param name="memoryMap">
    /// Serve an HNSW graph straight from the memory-mapped file (default; fast to open, pages loaded on demand)
    /// instead of copying it into memory. Exact indexes are always read into memory.
    /// </param>
    /// <exception cref="ArgumentException">The index does not belong to <paramref name="model"/>.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, damaged or not an item index.</exception>
    public static IItemIndex LoadItemIndex(this RankingCatalog catalog, string path, ITransformer model, DataViewSchema itemSchema,
        ItemIndexOptions? options = null, bool memoryMap = true)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ItemIndexFactory.Load(path, model, itemSchema, options, memoryMap);
    }

    /// <summary>
    /// Creates a recommender over <paramref name="index"/>: embeds the known users with <paramref name="model"/> and
    /// remembers what each has already seen so it is not recommended again.
    /// </summary>
    /// <param name="catalog">The ranking catalog (<c>ml.Ranking</c>).</param>
    /// <param name="model">The model whose item embeddings the index holds; it also embeds users.</param>
    /// <param name="index">The item index.</param>
    /// <param name="users">Known users (one row per user is enough; repeated users keep their first row).</param>
    /// <param name="seenInteractions">Optional user–item interactions whose items are excluded per user.</param>
    /// <param name="options">Column names.</param>
    public static ItemRecommender CreateRecommender(this RankingCatalog catalog, ITransformer model, IItemIndex index,
        IDataView users, IDataView? seenInteractions = null, ItemRecommenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ItemRecommender(model, index, users, seenInteractions, options ?? new ItemRecommenderOptions());
    }
}
