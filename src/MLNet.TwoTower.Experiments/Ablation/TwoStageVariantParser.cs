using System.Reflection;

namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>
/// Reads a two-stage variant from text: <c>name:Option=value;Option=value</c>, options being settable
/// <see cref="TwoStageTrainer.Options"/> members (numbers, booleans, enum names, flags as <c>A,B</c>), applied on top of
/// the two-stage defaults. Example: <c>no product:FeatureGroups=Scores,UserStatistics,ItemStatistics</c>.
/// </summary>
public static class TwoStageVariantParser
{
    /// <summary>Parses <paramref name="text"/>; every problem is reported in one <see cref="FormatException"/>.</summary>
    public static TwoStageVariant Parse(string text)
    {
        var (name, parts) = OptionAssignments.SplitVariant(text);
        var assignments = new List<(PropertyInfo Property, object? Value)>();
        var problems = new List<string>();
        foreach (var part in parts)
            if (OptionAssignments.Read<TwoStageTrainer.Options>(part, problems) is { } assignment)
                assignments.Add(assignment);
        if (problems.Count > 0)
            throw new FormatException($"Variant '{name}': {string.Join(" ", problems)}");
        var description = parts.Length == 0 ? "two-stage defaults" : string.Join("; ", parts);
        return new TwoStageVariant(name, description, options =>
        {
            foreach (var (property, value) in assignments)
                property.SetValue(options, value);
        });
    }
}
