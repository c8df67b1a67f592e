using System.Globalization;
using System.Reflection;

namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>
/// Reads one <c>Option=value</c> of a variant spec as an assignment to a settable member of an options class
/// (numbers, booleans, enum names, flag enums as <c>A,B</c>, int lists as <c>128,64</c>, strings).
/// </summary>
internal static class OptionAssignments
{
    /// <summary>
    /// Splits a variant spec <c>name:Option=value;Option=value</c> into its name and its <c>;</c>-separated parts
    /// (flag and list values use commas, so parts are separated by <c>;</c> only).
    /// </summary>
    /// <exception cref="FormatException">The spec has no name.</exception>
    public static (string Name, string[] Parts) SplitVariant(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        int colon = text.IndexOf(':');
        string name = (colon < 0 ? text : text[..colon]).Trim();
        if (name.Length == 0)
            throw new FormatException($"Variant '{text}' has no name; write name:Option=value;Option=value.");
        var parts = colon < 0 ? [] : text[(colon + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (name, parts);
    }

    /// <summary>The assignment <paramref name="part"/> describes, or null after adding why not to <paramref name="problems"/>.</summary>
    public static (PropertyInfo Property, object? Value)? Read<TOptions>(string part, List<string> problems)
    {
        int equals = part.IndexOf('=');
        if (equals <= 0)
        {
            problems.Add($"'{part}' is not Option=value.");
            return null;
        }
        string option = part[..equals].Trim(), value = part[(equals + 1)..].Trim();
        var property = typeof(TOptions).GetProperty(option, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || !property.CanWrite || !IsSettable(property.PropertyType))
        {
            problems.Add($"'{option}' is not a settable option; use one of {string.Join(", ", SettableOptions<TOptions>())}.");
            return null;
        }
        try
        {
            return (property, Convert(value, property.PropertyType));
        }
        catch (Exception error) when (error is FormatException or OverflowException or ArgumentException)
        {
            problems.Add($"{property.Name}: cannot read '{value}' as {Describe(property.PropertyType)}.");
            return null;
        }
    }

    private static IEnumerable<string> SettableOptions<TOptions>() =>
        typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && IsSettable(p.PropertyType)).Select(p => p.Name);

    private static bool IsSettable(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(float) || type == typeof(double) || type == typeof(bool) || type.IsEnum
            || type == typeof(int[]) || type == typeof(float[]) || type == typeof(string);
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
        if (type == typeof(double))
            return double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (type == typeof(bool))
            return bool.Parse(value);
        if (type.IsEnum)
            // Enum.Parse reads "A,B" as the flags A | B.
            return Enum.Parse(type, value, ignoreCase: true);
        if (type.IsArray)
        {
            // int[] and float[]: each comma-separated part read as one element.
            var parts = value.Split(',', StringSplitOptions.TrimEntries);
            var array = Array.CreateInstance(type.GetElementType()!, parts.Length);
            for (var i = 0; i < parts.Length; i++)
                array.SetValue(Convert(parts[i], type.GetElementType()!), i);
            return array;
        }
        return value;
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(type))}" : type == typeof(int[]) ? "a comma-separated list of integers"
            : type == typeof(float[]) ? "a comma-separated list of numbers" : type.Name;
    }
}
