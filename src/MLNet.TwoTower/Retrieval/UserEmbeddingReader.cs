using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Retrieval;

/// <summary>Reads embeddings (by key for known users and items, in row order for new users) from a model-transformed data view.</summary>
internal static class UserEmbeddingReader
{
    /// <summary>Embeddings by user key; the first row of a repeated user wins, rows with a missing key are skipped.</summary>
    public static Dictionary<uint, float[]> ReadByKey(IDataView transformed, string keyColumnName, string embeddingColumnName) =>
        ReadByKey(transformed, keyColumnName, [embeddingColumnName]).ToDictionary(entry => entry.Key, entry => entry.Value[0]);

    /// <summary>
    /// Several vector columns of the same rows by key (e.g. a user's embedding and ranking vector, read in one pass so
    /// the towers run once): element c of each value holds <paramref name="embeddingColumnNames"/>[c]. The first row of
    /// a repeated key wins, rows with a missing key are skipped, and each column's vectors must be finite and of one width.
    /// </summary>
    public static Dictionary<uint, float[][]> ReadByKey(IDataView transformed, string keyColumnName, IReadOnlyList<string> embeddingColumnNames)
    {
        var keyColumn = EmbeddingColumns.RequireKey(transformed.Schema, keyColumnName, nameof(ItemRecommenderOptions.UserIdColumnName));
        var embeddingColumns = embeddingColumnNames.Select(name =>
            EmbeddingColumns.RequireEmbedding(transformed.Schema, name, nameof(ItemRecommenderOptions.UserEmbeddingColumnName))).ToArray();
        var byKey = new Dictionary<uint, float[][]>();
        using var cursor = transformed.GetRowCursor([keyColumn, .. embeddingColumns]);
        var getKey = cursor.GetGetter<uint>(keyColumn);
        var getters = Array.ConvertAll(embeddingColumns, column => cursor.GetGetter<VBuffer<float>>(column));
        var widths = Enumerable.Repeat(-1, embeddingColumns.Length).ToArray();
        uint key = 0;
        VBuffer<float> embedding = default;
        long row = -1;
        while (cursor.MoveNext())
        {
            row++;
            getKey(ref key);
            if (key == 0 || byKey.ContainsKey(key))
                continue;
            var vectors = new float[embeddingColumns.Length][];
            for (int c = 0; c < vectors.Length; c++)
            {
                getters[c](ref embedding);
                if (widths[c] < 0)
                    widths[c] = embedding.Length;
                vectors[c] = new float[widths[c]];
                EmbeddingColumns.CopyChecked(embedding, vectors[c], embeddingColumns[c].Name, row);
            }
            byKey.Add(key, vectors);
        }
        return byKey;
    }

    /// <summary>Embeddings in row order (for new users, who have no key).</summary>
    public static List<float[]> ReadInOrder(IDataView transformed, string embeddingColumnName)
    {
        var embeddingColumn = EmbeddingColumns.RequireEmbedding(transformed.Schema, embeddingColumnName, nameof(ItemRecommenderOptions.UserEmbeddingColumnName));
        var rows = new List<float[]>();
        using var cursor = transformed.GetRowCursor([embeddingColumn]);
        var getEmbedding = cursor.GetGetter<VBuffer<float>>(embeddingColumn);
        VBuffer<float> embedding = default;
        while (cursor.MoveNext())
        {
            getEmbedding(ref embedding);
            var vector = new float[embedding.Length];
            EmbeddingColumns.CopyChecked(embedding, vector, embeddingColumnName, rows.Count);
            rows.Add(vector);
        }
        return rows;
    }

    /// <summary>The set of item keys each user has interacted with.</summary>
    public static Dictionary<uint, HashSet<uint>> ReadSeen(IDataView interactions, string userIdColumnName, string itemIdColumnName)
    {
        var userColumn = EmbeddingColumns.RequireKey(interactions.Schema, userIdColumnName, nameof(ItemRecommenderOptions.UserIdColumnName));
        var itemColumn = EmbeddingColumns.RequireKey(interactions.Schema, itemIdColumnName, nameof(ItemRecommenderOptions.ItemIdColumnName));
        var seen = new Dictionary<uint, HashSet<uint>>();
        using var cursor = interactions.GetRowCursor([userColumn, itemColumn]);
        var getUser = cursor.GetGetter<uint>(userColumn);
        var getItem = cursor.GetGetter<uint>(itemColumn);
        uint user = 0, item = 0;
        while (cursor.MoveNext())
        {
            getUser(ref user);
            getItem(ref item);
            if (user == 0 || item == 0)
                continue;
            if (!seen.TryGetValue(user, out var items))
                seen[user] = items = [];
            items.Add(item);
        }
        return seen;
    }
}
