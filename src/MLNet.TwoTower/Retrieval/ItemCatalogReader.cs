using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Retrieval;

/// <summary>Reads the item keys and embeddings of a (model-transformed) catalogue into flat arrays.</summary>
internal static class ItemCatalogReader
{
    /// <summary>Returns the catalogue and its embeddings, row-major <c>[Count × Dimension]</c>.</summary>
    public static (ItemCatalog Catalog, float[] Vectors) Read(IDataView transformed, string keyColumnName, string embeddingColumnName)
    {
        var schema = transformed.Schema;
        var keyColumn = EmbeddingColumns.RequireKey(schema, keyColumnName, nameof(ItemIndexOptions.ItemIdColumnName));
        var embeddingColumn = EmbeddingColumns.RequireEmbedding(schema, embeddingColumnName, nameof(ItemIndexOptions.ItemEmbeddingColumnName));
        var keyValues = KeyDictionaryFingerprint.ReadKeyValues(keyColumn);

        var keys = new List<uint>();
        var vectors = new List<float>();
        var firstRowOfKey = new Dictionary<uint, long>();
        int dimension = EmbeddingColumns.DeclaredWidth(embeddingColumn);
        using (var cursor = transformed.GetRowCursor([keyColumn, embeddingColumn]))
        {
            var getKey = cursor.GetGetter<uint>(keyColumn);
            var getEmbedding = cursor.GetGetter<VBuffer<float>>(embeddingColumn);
            uint key = 0;
            VBuffer<float> embedding = default;
            float[] row = [];
            long r = -1;
            while (cursor.MoveNext())
            {
                r++;
                getKey(ref key);
                if (key == 0)
                    throw new ArgumentException(
                        $"Column '{keyColumnName}' row {r}: the item key is missing (the id is not in the key's dictionary). " +
                        "Build the catalogue's key mapping from the catalogue itself, or drop unknown items.");
                if (!firstRowOfKey.TryAdd(key, r))
                    throw new ArgumentException(
                        $"Column '{keyColumnName}' row {r}: item key {key}{Describe(keyValues, key)} already appeared at row {firstRowOfKey[key]}. " +
                        "Each item must appear once in the catalogue; pass distinct items (e.g. the item table, not the interactions).");
                getEmbedding(ref embedding);
                if (dimension == 0)
                    dimension = embedding.Length;
                if (dimension == 0)
                    throw new ArgumentException($"Column '{embeddingColumnName}' row {r}: the embedding is empty.");
                if (row.Length != dimension)
                    row = new float[dimension];
                EmbeddingColumns.CopyChecked(embedding, row, embeddingColumnName, r);
                keys.Add(key);
                vectors.AddRange(row);
            }
        }
        if (keys.Count == 0)
            throw new ArgumentException("The item catalogue has no rows; an index needs at least one item.", "items");

        var keyArray = keys.ToArray();
        string?[]? ids = keyValues is null
            ? null
            : Array.ConvertAll(keyArray, k => k <= keyValues.Length ? keyValues[k - 1] : null);
        var catalog = new ItemCatalog(keyArray, ids, KeyDictionaryFingerprint.Compute(keyColumn), dimension);
        return (catalog, vectors.ToArray());
    }

    private static string Describe(string[]? keyValues, uint key) =>
        keyValues is not null && key <= keyValues.Length ? $" ('{keyValues[key - 1]}')" : string.Empty;
}
