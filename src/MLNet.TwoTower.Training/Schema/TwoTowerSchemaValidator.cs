using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Schema;

/// <summary>
/// Checks that the input carries the columns the trainer needs, with the right types, before any work starts. All
/// problems are reported together, each naming the column, what was expected, what was found and the fix.
/// </summary>
internal static class TwoTowerSchemaValidator
{
    /// <summary>Validates a schema shape (no sizes known); used by <c>GetOutputSchema</c>.</summary>
    public static void Validate(SchemaShape inputSchema, TwoTowerTrainer.Options options)
    {
        var columns = inputSchema.ToDictionary(c => c.Name, ColumnFacts.From);
        Check(columns, options);
    }

    /// <summary>Validates a data schema and returns the columns with their key counts and vector sizes.</summary>
    public static TwoTowerInputColumns Validate(DataViewSchema inputSchema, TwoTowerTrainer.Options options)
    {
        // Later columns hide earlier ones of the same name, as everywhere in ML.NET.
        var columns = new Dictionary<string, ColumnFacts>();
        foreach (var column in inputSchema)
        {
            if (!column.IsHidden)
                columns[column.Name] = ColumnFacts.From(column);
        }
        Check(columns, options);

        var userId = columns[options.UserIdColumnName];
        var itemId = columns[options.ItemIdColumnName];
        return new TwoTowerInputColumns(
            options.UserIdColumnName, KeyCount(userId), options.ItemIdColumnName, KeyCount(itemId),
            FeaturesName(options.UserFeaturesColumnName), FeatureSize(columns, options.UserFeaturesColumnName),
            FeaturesName(options.ItemFeaturesColumnName), FeatureSize(columns, options.ItemFeaturesColumnName),
            options.LabelColumnName, columns[options.LabelColumnName].ItemType == BooleanDataViewType.Instance);
    }

    /// <summary>The feature column's name, or null when the option leaves it empty (the tower reads only the id).</summary>
    private static string? FeaturesName(string? name) => string.IsNullOrWhiteSpace(name) ? null : name;

    private static int FeatureSize(IReadOnlyDictionary<string, ColumnFacts> columns, string? name) =>
        FeaturesName(name) is { } present ? columns[present].VectorSize!.Value : 0;

    private static int KeyCount(ColumnFacts column)
    {
        var count = column.KeyCount ?? 0;
        if (count == 0 || count >= int.MaxValue)
        {
            throw new ArgumentOutOfRangeException("inputSchema",
                $"Column '{column.Name}' must be a key type with a known count below {int.MaxValue}; got {column.Describe()} with count {count}. Build it with MapValueToKey on the training ids.");
        }
        return (int)count;
    }

    private static void Check(IReadOnlyDictionary<string, ColumnFacts> columns, TwoTowerTrainer.Options options)
    {
        var problems = new List<string>();
        CheckKey(columns, options.UserIdColumnName, nameof(options.UserIdColumnName), problems);
        CheckKey(columns, options.ItemIdColumnName, nameof(options.ItemIdColumnName), problems);
        CheckFeatures(columns, options.UserFeaturesColumnName, nameof(options.UserFeaturesColumnName), problems);
        CheckFeatures(columns, options.ItemFeaturesColumnName, nameof(options.ItemFeaturesColumnName), problems);
        CheckLabel(columns, options.LabelColumnName, nameof(options.LabelColumnName), problems);
        if (problems.Count > 0)
            throw new ArgumentOutOfRangeException("inputSchema", string.Join(" ", problems));
    }

    private static ColumnFacts? Find(IReadOnlyDictionary<string, ColumnFacts> columns, string name, string option,
        List<string> problems)
    {
        if (columns.TryGetValue(name, out var column))
            return column;
        var available = string.Join(", ", columns.Keys.Take(20).Select(n => $"'{n}'"));
        problems.Add($"Column '{name}' ({option}) was not found in the input; available columns: {available}.");
        return null;
    }

    private static void CheckKey(IReadOnlyDictionary<string, ColumnFacts> columns, string name, string option,
        List<string> problems)
    {
        if (Find(columns, name, option, problems) is not { } column)
            return;
        if (!column.IsKey || column.Kind != SchemaShape.Column.VectorKind.Scalar)
            problems.Add($"Column '{name}' must be a key type; got {column.Describe()}. Add MapValueToKey first.");
    }

    private static void CheckFeatures(IReadOnlyDictionary<string, ColumnFacts> columns, string? name, string option,
        List<string> problems)
    {
        if (FeaturesName(name) is null)
            return;
        if (Find(columns, name!, option, problems) is not { } column)
            return;
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.IsKey ||
            column.ItemType != NumberDataViewType.Single || column.VectorSize == 0)
        {
            problems.Add(
                $"Column '{name}' must be a known-size vector of Single; got {column.Describe()}. Build it with Concatenate (and ConvertType to Single), or pad variable-length vectors to a fixed size.");
        }
    }

    private static void CheckLabel(IReadOnlyDictionary<string, ColumnFacts> columns, string name, string option,
        List<string> problems)
    {
        if (Find(columns, name, option, problems) is not { } column)
            return;
        var ok = column.Kind == SchemaShape.Column.VectorKind.Scalar && !column.IsKey &&
            (column.ItemType == NumberDataViewType.Single || column.ItemType == BooleanDataViewType.Instance);
        if (!ok)
        {
            problems.Add(
                $"Column '{name}' must be Single (a rating compared with PositiveThreshold) or Boolean (true for positives); got {column.Describe()}. Convert it with ConvertType.");
        }
    }
}
