using System.Reflection;

namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>
/// Reads a variant from text, so an ablation can try a configuration without code:
/// <c>name:Option=value;Option=value</c>, options being settable <see cref="TwoTowerTrainer.Options"/> members
/// (numbers, booleans, enum names, int lists as <c>128,64</c>), applied on top of the library's defaults.
/// <c>+mf</c> in place of an option adds the reference's matrix-factorization behaviour features.
/// Example: <c>wide:TowerLayerSizes=256,64;UniformNegativeCount=512</c>.
/// </summary>
public static class TwoTowerVariantParser
{
    /// <summary>The token that turns matrix-factorization behaviour features on.</summary>
    public const string MatrixFactorizationToken = "+mf";

    /// <summary>Parses <paramref name="text"/>; every problem is reported in one <see cref="FormatException"/>.</summary>
    public static TwoTowerVariant Parse(string text)
    {
        var (name, parts) = OptionAssignments.SplitVariant(text);
        var assignments = new List<(PropertyInfo Property, object? Value)>();
        var problems = new List<string>();
        bool factors = false;
        foreach (var part in parts)
        {
            if (part.Equals(MatrixFactorizationToken, StringComparison.OrdinalIgnoreCase))
            {
                factors = true;
                continue;
            }
            if (OptionAssignments.Read<TwoTowerTrainer.Options>(part, problems) is { } assignment)
                assignments.Add(assignment);
        }
        if (problems.Count > 0)
            throw new FormatException($"Variant '{name}': {string.Join(" ", problems)}");
        var description = parts.Length == 0 ? "library defaults" : string.Join("; ", parts);
        return new TwoTowerVariant(name, description, options =>
        {
            foreach (var (property, value) in assignments)
                property.SetValue(options, value);
        }, factors);
    }
}
