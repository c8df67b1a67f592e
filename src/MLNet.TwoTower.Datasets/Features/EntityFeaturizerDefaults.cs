namespace MLNet.TwoTower.Datasets.Features;

/// Defaults of <see cref="EntityFeaturizerOptions"/>, written once.
internal static class EntityFeaturizerDefaults
{
    public const string OutputColumnName = "Features";
    public const TextFeaturizer Text = TextFeaturizer.SentenceEmbedding;
    public const double LogSkewness = 1.0;
}
