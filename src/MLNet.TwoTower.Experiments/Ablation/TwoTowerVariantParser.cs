using System.Globalization;
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
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        int colon = text.IndexOf(':');
        string name = (colon < 0 ? text : text[..colon]).Trim();
        if (name.Length == 0)
            throw new FormatException($"Variant '{text}' has no name; write name:Option=value;Option=value.");
        var assignments = new List<(PropertyInfo Property, object? Value)>();
        var problems = new List<string>();
        bool factors = false;
        var parts = colon < 0 ? [] : text[(colon + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var part in parts)
        {
            if (part.Equals(MatrixFactorizationToken, StringComparison.OrdinalIgnoreCase))
            {
                factors = true;
                continue;
            }
            int equals = part.IndexOf('=');
            if (equals <= 0)
            {
                problems.Add($"'{part}' is not Option=value.");
                continue;
            }
            string option = part[..equals].Trim(), value = part[(equals + 1)..].Trim();
            var property = typeof(TwoTowerTrainer.Options).GetProperty(option, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite || !IsSettable(property.PropertyType))
            {
                problems.Add($"'{option}' is not a settable option; use one of {string.Join(", ", SettableOptions())}.");
                continue;
            }
            try
            {
                assignments.Add((property, Convert(value, property.PropertyType)));
            }
            catch (Exception error) when (error is FormatException or OverflowException or ArgumentException)
            {
                problems.Add($"{property.Name}: cannot read '{value}' as {Describe(property.PropertyType)}.");
            }
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

    private static IEnumerable<string> SettableOptions() =>
        typeof(TwoTowerTrainer.Options).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && IsSettable(p.PropertyType)).Select(p => p.Name);

    private static bool IsSettable(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(float) || type == typeof(bool) || type.IsEnum || type == typeof(int[]) || type == typeof(string);
    }

    private static object? Convert(string value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null && value.Equals("null", StringComparison.OrdinalIgnoreCase))
            return null;
        type = underlying ?? type;
        if (type == typeof(int))
            return int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
        if (type == typeof(float))
            return float.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (type == typeof(bool))
            return bool.Parse(value);
        if (type.IsEnum)
            return Enum.Parse(type, value, ignoreCase: true);
        if (type == typeof(int[]))
            return value.Split(',', StringSplitOptions.TrimEntries).Select(v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();
        return value;
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(type))}" : type == typeof(int[]) ? "a comma-separated list of integers" : type.Name;
    }
}
