using MLNet.TwoTower.Text;

namespace MLNet.TwoTower.Datasets.Features;

/// <summary>Options of <see cref="EntityFeaturizerCatalog.FeaturizeEntity"/>.</summary>
public sealed class EntityFeaturizerOptions
{
    /// <summary>Name of the concatenated feature vector column. Default "Features".</summary>
    public string OutputColumnName { get; set; } = EntityFeaturizerDefaults.OutputColumnName;

    /// <summary>How text columns are featurised. Default <see cref="TextFeaturizer.SentenceEmbedding"/>; use
    /// <see cref="TextFeaturizer.NGrams"/> when speed matters more than meaning.</summary>
    public TextFeaturizer Text { get; set; } = EntityFeaturizerDefaults.Text;

    /// <summary>Options of the sentence-embedding transform. Null (default) picks, per text column, the shortest
    /// sequence length that holds its longest text (<see cref="SentenceEmbeddingOptions.ForTexts"/>), since every row
    /// is padded to that length and the cost grows with it.</summary>
    public SentenceEmbeddingOptions? SentenceEmbedding { get; set; }

    /// <summary>Sample skewness above which a strictly positive numeric column is log-transformed before
    /// standardisation (prices, counts). Default 1.0. Set to <see cref="double.PositiveInfinity"/> to never log.</summary>
    public double LogSkewness { get; set; } = EntityFeaturizerDefaults.LogSkewness;

    /// <summary>
    /// With <see cref="TextFeaturizer.NGrams"/>: a word or word pair becomes a feature only if at least this many
    /// entities' texts contain it. Default 5. A rare n-gram nearly identifies its entity (the id embedding already
    /// does) and cannot generalise to new ones, yet each costs a slot in every vector and a weight per first-layer
    /// unit: MovieLens titles have 27,859 distinct words and word pairs, 1,279 of them in at least 5 titles. 1 keeps
    /// them all; higher values keep only the common vocabulary.
    /// </summary>
    public int NGramMinimumEntityCount { get; set; } = EntityFeaturizerDefaults.NGramMinimumEntityCount;

    /// <summary>Feature columns to use; null (default) uses every feature column of the table.</summary>
    public IReadOnlyList<string>? Columns { get; set; }

    /// <summary>
    /// Receives how many entities of each table have been featurised, on the featurising thread, when a whole dataset
    /// is featurised (<see cref="DatasetFeaturizer.Fit"/>). Default null. Sentence embeddings of a few thousand texts
    /// take minutes on a CPU.
    /// </summary>
    public IProgress<FeaturizationProgress>? Progress { get; set; }

    internal void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(OutputColumnName))
        {
            problems.Add("OutputColumnName must not be empty.");
        }

        if (double.IsNaN(LogSkewness))
        {
            problems.Add("LogSkewness must be a number (use PositiveInfinity to turn the log off).");
        }

        if (NGramMinimumEntityCount < 1)
        {
            problems.Add($"NGramMinimumEntityCount must be at least 1 (1 keeps every n-gram); got {NGramMinimumEntityCount}.");
        }

        if (!Enum.IsDefined(Text))
        {
            problems.Add($"Text must be SentenceEmbedding or NGrams; got {Text}.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid EntityFeaturizerOptions: " + string.Join(" ", problems));
        }
    }
}
