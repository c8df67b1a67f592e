using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Text;

/// <summary>
/// Embeds each distinct text once, in batches through ONNX Runtime, and looks the vectors up afterwards (the
/// estimator of <see cref="SentenceEmbeddingCatalog.EmbedSentences"/> fits through it). Embedding a text column of an
/// interaction table row by row would repeat the same few thousand texts many times over.
/// </summary>
public static class DistinctSentenceEmbedder
{
    private const string TextColumn = "Text";
    private const string EmbeddingColumn = "Embedding";

    /// <summary>
    /// Embeds every distinct text in <paramref name="texts"/> once. Null counts as the empty string.
    /// </summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="texts">Texts, repeats allowed.</param>
    /// <param name="options">Sequence length and device; null picks the shortest length that holds the longest text
    /// (<see cref="SentenceEmbeddingOptions.ForTexts"/>).</param>
    /// <returns>One unit-length 384-d vector per distinct text (ordinal string comparison).</returns>
    public static IReadOnlyDictionary<string, float[]> Embed(MLContext ml, IEnumerable<string?> texts, SentenceEmbeddingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(texts);
        var distinct = texts.Select(t => t ?? string.Empty).Distinct(StringComparer.Ordinal).ToArray();
        var result = new Dictionary<string, float[]>(distinct.Length, StringComparer.Ordinal);
        if (distinct.Length == 0)
        {
            return result;
        }

        return EmbedDistinct(distinct, options ?? SentenceEmbeddingOptions.ForTexts(distinct));
    }

    /// Embeds distinct texts in batches; the caller has removed repeats.
    internal static IReadOnlyDictionary<string, float[]> EmbedDistinct(IReadOnlyList<string> distinct, SentenceEmbeddingOptions options)
    {
        options.Validate();
        var vectors = MiniLmEncoder.Encode(distinct, options);
        var result = new Dictionary<string, float[]>(distinct.Count, StringComparer.Ordinal);
        for (int i = 0; i < distinct.Count; i++)
        {
            result[distinct[i]] = vectors[i];
        }

        return result;
    }

    /// The distinct texts of a text column (missing values count as the empty string).
    internal static IReadOnlyList<string> ReadTexts(IDataView data, DataViewSchema.Column column)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var texts = new List<string>();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
        ReadOnlyMemory<char> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            var text = value.ToString();
            if (seen.Add(text))
            {
                texts.Add(text);
            }
        }

        return texts;
    }

    /// <summary>
    /// A savable lookup estimator (ML.NET's <c>MapValue</c>) that attaches the vectors of <paramref name="embeddings"/>
    /// (from <see cref="Embed"/>) to the rows of a text column. Texts that are not in the table map to missing values.
    /// </summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="embeddings">Text to vector, typically the result of <see cref="Embed"/>.</param>
    /// <param name="outputColumnName">Name of the vector column to add.</param>
    /// <param name="inputColumnName">Name of the text column to look up.</param>
    /// <returns>The lookup estimator.</returns>
    public static IEstimator<ITransformer> CreateLookup(
        MLContext ml, IReadOnlyDictionary<string, float[]> embeddings, string outputColumnName, string inputColumnName)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.Count == 0)
        {
            throw new ArgumentException("The embedding table is empty; embed at least one text first.", nameof(embeddings));
        }

        return ml.Transforms.Conversion.MapValue(
            outputColumnName,
            embeddings.Select(pair => new KeyValuePair<string, float[]>(pair.Key, pair.Value)),
            inputColumnName);
    }
}
