namespace MLNet.TwoTower.Datasets.Features;

/// <summary>How <see cref="EntityFeaturizerCatalog.FeaturizeEntity"/> turns text columns into numbers.</summary>
public enum TextFeaturizer
{
    /// <summary>384-d all-MiniLM-L6-v2 sentence embeddings (MLNet.TwoTower.Text): captures meaning and paraphrases;
    /// about 100–200 texts a second on two cores, once per entity.</summary>
    SentenceEmbedding,

    /// <summary>ML.NET's <c>FeaturizeText</c> (normalised word unigram and bigram counts, rare ones dropped: see
    /// <see cref="EntityFeaturizerOptions.NGramMinimumEntityCount"/>): fast and light, sees only shared words.</summary>
    NGrams,
}
