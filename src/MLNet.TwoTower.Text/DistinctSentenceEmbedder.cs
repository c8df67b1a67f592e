using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Text;

/// <summary>
/// Embeds each distinct text once and looks the vectors up afterwards. The ONNX model scores one row at a time, so
/// embedding a text column of an interaction table row by row repeats the same few thousand texts many times over.
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

        var data = ml.Data.LoadFromEnumerable(distinct.Select(t => new TextRow { Text = t }));
        options ??= SentenceEmbeddingOptions.ForTexts(distinct);
        var embedded = ml.Transforms.EmbedSentences(EmbeddingColumn, TextColumn, options).Fit(data).Transform(data);
        using var cursor = embedded.GetRowCursor(embedded.Schema);
        var textGetter = cursor.GetGetter<ReadOnlyMemory<char>>(embedded.Schema[TextColumn]);
        var vectorGetter = cursor.GetGetter<VBuffer<float>>(embedded.Schema[EmbeddingColumn]);
        ReadOnlyMemory<char> text = default;
        VBuffer<float> vector = default;
        while (cursor.MoveNext())
        {
            textGetter(ref text);
            vectorGetter(ref vector);
            result[text.ToString()] = vector.DenseValues().ToArray();
        }

        return result;
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

    private sealed class TextRow
    {
        public string Text { get; set; } = string.Empty;
    }
}
