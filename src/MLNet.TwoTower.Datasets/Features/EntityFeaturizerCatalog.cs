using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Text;

namespace MLNet.TwoTower.Datasets.Features;

/// <summary>
/// Builds the ML.NET feature pipeline of a user or item table from its schema:
/// numeric → missing values replaced by the mean, then standardised (log first when skewed and positive);
/// categorical → one-hot; multi-categorical → one-hot bag of the <c>|</c>-separated labels;
/// text → sentence embeddings or n-grams (<see cref="EntityFeaturizerOptions.Text"/>);
/// all concatenated into one vector column. Fit and apply it on <see cref="EntityTable.ToDataView"/> (one row per
/// entity, so each entity is featurised once), then attach the vectors to interactions by id (<c>PreparedData</c>).
/// The fitted transformer saves and loads with ml.Model.Save/Load (call
/// <c>ml.ComponentCatalog.RegisterSentenceEmbeddings()</c> first when it embeds text).
/// </summary>
public static class EntityFeaturizerCatalog
{
    private const string TempPrefix = "__feature_";

    /// <summary>Creates the feature estimator for <paramref name="table"/>.</summary>
    /// <param name="catalog">The transforms catalog (<c>ml.Transforms</c>).</param>
    /// <param name="table">The entity table; its kinds pick the transforms and its numeric values decide on the log.</param>
    /// <param name="options">Output column, text featurizer, log threshold, columns; null for the defaults.</param>
    /// <returns>An estimator producing <see cref="EntityFeaturizerOptions.OutputColumnName"/> (vector of Single).</returns>
    /// <exception cref="ArgumentException">Invalid options, a requested column the table lacks, no columns, or a text
    /// column that is empty in every row.</exception>
    public static IEstimator<ITransformer> FeaturizeEntity(this TransformsCatalog catalog, EntityTable table, EntityFeaturizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(table);
        options ??= new EntityFeaturizerOptions();
        options.Validate();

        var columns = SelectColumns(table, options.Columns);
        var chain = new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        foreach (var column in columns)
        {
            if (column.Kind == FeatureKind.Text && TextsOf(column).All(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException(
                    $"Text column '{column.Name}' is empty in every row, so there is nothing to featurise. Fill it in, or leave it out (Options.Columns).",
                    nameof(table));
            }

            string part = TempPrefix + column.Name;
            parts.Add(part);
            chain = column.Kind switch
            {
                FeatureKind.Numeric => AppendNumeric(catalog, chain, column, part, options.LogSkewness),
                FeatureKind.Categorical => chain.Append<ITransformer>(catalog.Categorical.OneHotEncoding(part, column.Name)),
                FeatureKind.MultiCategorical => chain
                    .Append<ITransformer>(catalog.Text.TokenizeIntoWords(part, column.Name, [FeatureColumn.MultiValueSeparator]))
                    .Append<ITransformer>(catalog.Categorical.OneHotEncoding(part, part, OneHotEncodingEstimator.OutputKind.Bag)),
                FeatureKind.Text => options.Text == TextFeaturizer.SentenceEmbedding
                    ? chain.Append<ITransformer>(catalog.EmbedSentences(part, column.Name, options.SentenceEmbedding ?? SentenceEmbeddingOptions.ForTexts(TextsOf(column))))
                    : AppendNGrams(catalog, chain, column, part, options.NGramMinimumEntityCount),
                _ => throw new ArgumentOutOfRangeException(nameof(table), column.Kind, $"Column '{column.Name}' has an unknown kind."),
            };
        }

        return chain
            .Append<ITransformer>(catalog.Concatenate(options.OutputColumnName, parts.ToArray()))
            .Append<ITransformer>(catalog.DropColumns(parts.ToArray()));
    }

    /// Numeric: mean-impute, then log + standardise when the values are positive and skewed, else standardise.
    private static EstimatorChain<ITransformer> AppendNumeric(
        TransformsCatalog catalog, EstimatorChain<ITransformer> chain, FeatureColumn column, string part, double logSkewness)
    {
        chain = chain.Append<ITransformer>(catalog.ReplaceMissingValues(part, column.Name, MissingValueReplacingEstimator.ReplacementMode.Mean));
        return UseLog(column, logSkewness)
            ? chain.Append<ITransformer>(catalog.NormalizeLogMeanVariance(part, part))
            : chain.Append<ITransformer>(catalog.NormalizeMeanVariance(part, part));
    }

    /// Normalised word unigram and bigram counts, then only the slots non-zero in at least
    /// <paramref name="minimumEntityCount"/> rows (one row per entity) are kept. FeaturizeText's character trigrams are
    /// left out: on short texts they add tens of thousands of slots (37k for MovieLens titles) that mostly spell the
    /// same words again, and every slot costs a weight per first-layer unit and a float per entity.
    private static EstimatorChain<ITransformer> AppendNGrams(
        TransformsCatalog catalog, EstimatorChain<ITransformer> chain, FeatureColumn column, string part, int minimumEntityCount)
    {
        var text = new TextFeaturizingEstimator.Options
        {
            CharFeatureExtractor = null,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
        };
        chain = chain.Append<ITransformer>(catalog.Text.FeaturizeText(part, text, column.Name));
        return minimumEntityCount <= 1
            ? chain
            : chain.Append<ITransformer>(catalog.FeatureSelection.SelectFeaturesBasedOnCount(part, part, minimumEntityCount));
    }

    private static IEnumerable<string> TextsOf(FeatureColumn column) => Enumerable.Range(0, column.Count).Select(column.GetRaw);

    internal static bool UseLog(FeatureColumn column, double threshold)
    {
        var values = Enumerable.Range(0, column.Count).Select(column.GetNumber).Where(float.IsFinite).Select(v => (double)v).ToArray();
        if (values.Length < 3 || values.Any(v => v <= 0))
        {
            return false;
        }

        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        if (variance == 0)
        {
            return false;
        }

        double skewness = values.Sum(v => Math.Pow(v - mean, 3)) / values.Length / Math.Pow(variance, 1.5);
        return skewness > threshold;
    }

    private static IReadOnlyList<FeatureColumn> SelectColumns(EntityTable table, IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            if (table.Columns.Count == 0)
            {
                throw new ArgumentException("The table has no feature columns; there is nothing to featurise.", nameof(table));
            }

            return table.Columns;
        }

        var selected = new List<FeatureColumn>();
        foreach (var name in names)
        {
            selected.Add(table.GetColumnOrNull(name) ?? throw new ArgumentException(
                $"Options.Columns names '{name}', which the table lacks; it has [{string.Join(", ", table.Columns.Select(c => c.Name))}].", nameof(names)));
        }

        if (selected.Count == 0)
        {
            throw new ArgumentException("Options.Columns is empty; name at least one feature column or pass null for all.", nameof(names));
        }

        return selected;
    }
}
