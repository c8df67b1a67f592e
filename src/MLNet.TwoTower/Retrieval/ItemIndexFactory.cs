using Microsoft.ML;

namespace MLNet.TwoTower.Retrieval;

/// <summary>Builds an index from a model and a catalogue, or loads a saved one and checks it belongs to the model.</summary>
internal static class ItemIndexFactory
{
    /// <summary>Runs the model over the catalogue and builds the index (<see cref="Build(ItemCatalog, float[], ItemIndexOptions, bool)"/>).</summary>
    public static IItemIndex Build(ITransformer model, IDataView items, ItemIndexOptions options, bool segment = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var transformed = RunModelIfNeeded(model, items, options.ItemEmbeddingColumnName);
        var (catalog, vectors) = ItemCatalogReader.Read(transformed, options.ItemIdColumnName, options.ItemEmbeddingColumnName);
        return Build(catalog, vectors, options, segment);
    }

    /// <summary>
    /// The index <paramref name="options"/> ask for over vectors already read: exact search, or approximate search —
    /// one HNSW graph when the catalogue is one segment (<see cref="ItemSegmentation"/>), a
    /// <see cref="SegmentedItemIndex"/> otherwise. <paramref name="segment"/> false forces the single graph (for
    /// measuring what segmentation buys).
    /// </summary>
    internal static ItemIndexBase Build(ItemCatalog catalog, float[] vectors, ItemIndexOptions options, bool segment = true)
    {
        if (ChooseKind(options, catalog.Count) == ItemIndexKind.Hnsw)
        {
            var segments = segment ? ItemSegmentation.Split(vectors, catalog.Count, catalog.Dimension) : [];
            return segments.Length > 1
                ? SegmentedItemIndex.Build(catalog, vectors, segments, options)
                : HnswItemIndex.Build(catalog, vectors, options);
        }
        var exact = new ExactItemIndex(catalog, vectors, options.SearchThreads);
        options.Progress?.Report(new ItemIndexBuildProgress(catalog.Count, catalog.Count));
        return exact;
    }

    public static ItemIndexKind ChooseKind(ItemIndexOptions options, int itemCount) => options.Kind switch
    {
        ItemIndexKind.Auto => itemCount <= options.ExactSearchMaxItems ? ItemIndexKind.Exact : ItemIndexKind.Hnsw,
        var kind => kind,
    };

    public static IItemIndex Load(string path, ITransformer model, DataViewSchema itemSchema, ItemIndexOptions? givenOptions, bool memoryMap)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(itemSchema);
        var options = givenOptions ?? new ItemIndexOptions();
        options.Validate();
        var header = ItemIndexFile.ReadHeader(path);

        var output = itemSchema.GetColumnOrNull(options.ItemEmbeddingColumnName) is null ? model.GetOutputSchema(itemSchema) : itemSchema;
        var keyColumn = EmbeddingColumns.RequireKey(output, options.ItemIdColumnName, nameof(ItemIndexOptions.ItemIdColumnName));
        var embeddingColumn = EmbeddingColumns.RequireEmbedding(output, options.ItemEmbeddingColumnName, nameof(ItemIndexOptions.ItemEmbeddingColumnName));
        int width = EmbeddingColumns.DeclaredWidth(embeddingColumn);
        if (width != 0 && width != header.Dimension)
            throw new ArgumentException(
                $"Item index '{path}' holds {header.Dimension}-wide embeddings, but the model's '{embeddingColumn.Name}' is {width} wide: " +
                "the index was built with a different model. Rebuild the index from this model.", nameof(model));
        if (KeyDictionaryFingerprint.Compute(keyColumn) != header.Fingerprint)
            throw new ArgumentException(
                $"Item index '{path}' was built over a different item set than this model's '{keyColumn.Name}' key dictionary " +
                $"(fingerprint {header.Fingerprint:x16}, model {KeyDictionaryFingerprint.Compute(keyColumn):x16}): its item keys would name the wrong items. " +
                "Rebuild the index from this model and catalogue.", nameof(model));
        return ItemIndexFile.Open(path, header, memoryMap, options, overrideExpansionSearch: givenOptions is not null);
    }

    /// <summary>Runs the model unless the data already carries the embedding column (e.g. a cached, transformed view).</summary>
    internal static IDataView RunModelIfNeeded(ITransformer model, IDataView data, string embeddingColumnName) =>
        data.Schema.GetColumnOrNull(embeddingColumnName) is null ? model.Transform(data) : data;
}
