using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Datasets.Folder;

/// <summary>
/// Guesses the kind of a feature column that schema.json does not declare. The rules, applied to the non-empty values
/// in order:
/// <list type="number">
/// <item>no non-empty value: <see cref="FeatureKind.Categorical"/> (an all-missing column adds nothing either way);</item>
/// <item>every value is a number (invariant culture): <see cref="FeatureKind.Numeric"/>;</item>
/// <item>some value contains <c>|</c> and the <c>|</c>-separated parts average fewer than 3 words:
/// <see cref="FeatureKind.MultiCategorical"/>;</item>
/// <item>values average 3 words or more, or there are more than 20 distinct values and more than half of the values
/// are distinct (titles, names): <see cref="FeatureKind.Text"/>;</item>
/// <item>otherwise: <see cref="FeatureKind.Categorical"/>.</item>
/// </list>
/// Declare the kind in schema.json whenever the guess is wrong (e.g. numeric codes that are really categories).
/// </summary>
public static class SchemaInference
{
    /// <summary>Mean word count from which a column reads as free text.</summary>
    public const double TextMinimumMeanWords = 3;

    /// <summary>Distinct-value count above which a mostly-unique column reads as text rather than categories.</summary>
    public const int TextMinimumDistinct = 20;

    /// <summary>Infers the kind of one column from its raw values.</summary>
    /// <param name="values">The raw values of the column.</param>
    /// <returns>The inferred kind.</returns>
    public static FeatureKind Infer(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var present = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToArray();
        if (present.Length == 0)
        {
            return FeatureKind.Categorical;
        }

        if (present.All(v => FeatureColumn.TryParseNumber(v, out _)))
        {
            return FeatureKind.Numeric;
        }

        if (present.Any(v => v.Contains(FeatureColumn.MultiValueSeparator)))
        {
            var parts = present.SelectMany(v => v.Split(FeatureColumn.MultiValueSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            if (parts.Length > 0 && parts.Average(WordCount) < TextMinimumMeanWords)
            {
                return FeatureKind.MultiCategorical;
            }
        }

        double meanWords = present.Average(WordCount);
        int distinct = present.Distinct(StringComparer.Ordinal).Count();
        if (meanWords >= TextMinimumMeanWords || (distinct > TextMinimumDistinct && distinct * 2 > present.Length))
        {
            return FeatureKind.Text;
        }

        return FeatureKind.Categorical;
    }

    private static double WordCount(string value) =>
        value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
}
