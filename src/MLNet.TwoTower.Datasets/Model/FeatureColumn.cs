using System.Globalization;

namespace MLNet.TwoTower.Datasets.Model;

/// <summary>
/// One feature column of a user or item table: its name, its kind and one raw value per entity. Numeric columns are
/// also parsed (invariant culture; empty is missing and reads as NaN).
/// </summary>
public sealed class FeatureColumn
{
    /// <summary>The separator of the labels of a <see cref="FeatureKind.MultiCategorical"/> value.</summary>
    public const char MultiValueSeparator = '|';

    private readonly string[] _values;
    private readonly float[]? _numbers;

    /// <summary>Creates a column from raw values, one per entity in table order.</summary>
    /// <param name="name">Column name, as in the CSV header.</param>
    /// <param name="kind">How the values are read.</param>
    /// <param name="values">Raw values; null is stored as empty (missing).</param>
    /// <exception cref="ArgumentException">A numeric column holds a value that is not a number.</exception>
    public FeatureColumn(string name, FeatureKind kind, IReadOnlyList<string?> values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(values);
        Name = name;
        Kind = kind;
        _values = values.Select(v => v ?? string.Empty).ToArray();
        if (kind == FeatureKind.Numeric)
        {
            _numbers = new float[_values.Length];
            for (int i = 0; i < _values.Length; i++)
            {
                if (!TryParseNumber(_values[i], out _numbers[i]))
                {
                    throw new ArgumentException(
                        $"Numeric column '{name}' row {i}: expected a number such as 3.5, found '{_values[i]}'. Declare the column as categorical or text in schema.json, or fix the value.",
                        nameof(values));
                }
            }
        }
    }

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>How the values are read and featurised.</summary>
    public FeatureKind Kind { get; }

    /// <summary>Number of values (entities).</summary>
    public int Count => _values.Length;

    /// <summary>The raw value of entity <paramref name="row"/> (empty when missing).</summary>
    /// <param name="row">0-based entity index in table order.</param>
    /// <returns>The raw text.</returns>
    public string GetRaw(int row) => _values[row];

    /// <summary>The number of entity <paramref name="row"/> (NaN when missing) in a numeric column.</summary>
    /// <param name="row">0-based entity index in table order.</param>
    /// <returns>The parsed value.</returns>
    /// <exception cref="InvalidOperationException">The column is not numeric.</exception>
    public float GetNumber(int row) => _numbers is { } numbers
        ? numbers[row]
        : throw new InvalidOperationException($"Column '{Name}' is {Kind}, not numeric; use GetRaw or GetLabels.");

    /// <summary>The labels of entity <paramref name="row"/>: the <c>|</c>-separated, trimmed, non-empty parts of a
    /// multi-categorical value, the single value of a categorical one (none when empty).</summary>
    /// <param name="row">0-based entity index in table order.</param>
    /// <returns>The labels.</returns>
    public IReadOnlyList<string> GetLabels(int row) => Kind switch
    {
        FeatureKind.MultiCategorical => _values[row].Split(MultiValueSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        FeatureKind.Categorical => _values[row].Length == 0 ? [] : [_values[row]],
        _ => throw new InvalidOperationException($"Column '{Name}' is {Kind}; labels exist only for categorical and multi-categorical columns."),
    };

    internal static bool TryParseNumber(string text, out float value)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            value = float.NaN;
            return true;
        }

        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
