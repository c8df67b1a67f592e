namespace MLNet.TwoTower.Text;

/// Defaults for <see cref="SentenceEmbeddingOptions"/>, written once so the catalog overloads and the options agree.
internal static class SentenceEmbeddingDefaults
{
    /// all-MiniLM-L6-v2 was fine-tuned on 128 word pieces; most profile and product sentences fit.
    public const int MaximumTokens = 128;

    /// The model's hidden size, fixed by all-MiniLM-L6-v2.
    public const int Dimension = 384;

    /// The only sequence lengths with a registered tokenizer/pooling mapping (the vector sizes of a
    /// CustomMapping are compile-time attributes, so each length is its own mapping).
    public static readonly int[] SupportedMaximumTokens = [64, 128, 256];
}
