namespace MLNet.TwoTower.Text;

/// <summary>
/// Options for <see cref="SentenceEmbeddingCatalog.EmbedSentences(Microsoft.ML.TransformsCatalog, string, string?, SentenceEmbeddingOptions?)"/>.
/// </summary>
public sealed class SentenceEmbeddingOptions
{
    /// <summary>
    /// Word pieces per sentence, including the [CLS] and [SEP] markers; longer texts are truncated. One of 64, 128 or 256.
    /// Default 128 (the length all-MiniLM-L6-v2 was fine-tuned on). Texts are not padded (batches group texts of equal
    /// length), so cost follows each text's own length; 256 only costs more for texts longer than 128 pieces, and 64
    /// cuts long texts short.
    /// </summary>
    public int MaximumTokens { get; set; } = SentenceEmbeddingDefaults.MaximumTokens;

    /// <summary>
    /// GPU device for ONNX Runtime, or <c>null</c> (default) for the CPU. Needs the GPU build of ONNX Runtime.
    /// </summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>
    /// When <see cref="GpuDeviceId"/> is set and the GPU cannot be used, run on the CPU instead of throwing. Default false.
    /// </summary>
    public bool FallbackToCpu { get; set; }

    /// <summary>
    /// Options whose <see cref="MaximumTokens"/> is the shortest supported length (64, 128 or 256) that holds the
    /// longest of <paramref name="texts"/> without truncation (256 when even that truncates).
    /// </summary>
    /// <param name="texts">The texts that will be embedded (null counts as empty).</param>
    /// <returns>New options with the chosen length and the other defaults.</returns>
    public static SentenceEmbeddingOptions ForTexts(IEnumerable<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int longest = texts.Select(Mappings.TokenCounter.Count).DefaultIfEmpty(0).Max();
        int length = SentenceEmbeddingDefaults.SupportedMaximumTokens.FirstOrDefault(l => l >= longest, SentenceEmbeddingDefaults.SupportedMaximumTokens[^1]);
        return new SentenceEmbeddingOptions { MaximumTokens = length };
    }

    internal void Validate()
    {
        if (Array.IndexOf(SentenceEmbeddingDefaults.SupportedMaximumTokens, MaximumTokens) < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumTokens), MaximumTokens,
                $"MaximumTokens must be one of {string.Join(", ", SentenceEmbeddingDefaults.SupportedMaximumTokens)}; got {MaximumTokens}. " +
                "Pick the smallest length that holds your typical text (128 suits sentences and short paragraphs).");
        }
    }
}
