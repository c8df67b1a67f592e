namespace MLNet.TwoTower.Text;

/// <summary>
/// Options for <see cref="SentenceEmbeddingCatalog.EmbedSentences(Microsoft.ML.TransformsCatalog, string, string?, SentenceEmbeddingOptions?)"/>.
/// </summary>
public sealed class SentenceEmbeddingOptions
{
    /// <summary>
    /// Word pieces per sentence, including the [CLS] and [SEP] markers; longer texts are truncated. One of 64, 128 or 256.
    /// Default 128 (the length all-MiniLM-L6-v2 was fine-tuned on). Every row is padded to this length, so cost grows
    /// with it whatever the text length: 256 is about twice as slow as 128 and only helps for long descriptions; 64 cuts
    /// long texts short.
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
