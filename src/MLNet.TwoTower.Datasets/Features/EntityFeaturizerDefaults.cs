namespace MLNet.TwoTower.Datasets.Features;

/// Defaults of <see cref="EntityFeaturizerOptions"/>, written once.
internal static class EntityFeaturizerDefaults
{
    public const string OutputColumnName = "Features";
    public const TextFeaturizer Text = TextFeaturizer.SentenceEmbedding;
    public const double LogSkewness = 1.0;
    public const int NGramMinimumEntityCount = 5;
}
