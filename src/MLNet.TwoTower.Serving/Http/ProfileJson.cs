using System.Globalization;
using System.Text.Json;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Serving.Package;

namespace MLNet.TwoTower.Serving.Http;

/// <summary>
/// A new user's profile as a JSON object (field → value, as in <c>users.csv</c>) → the text values the package
/// takes, refusing what does not fit: a field the model does not know, a string for a number, a number for a text,
/// a nested value. Numbers keep their JSON text, so the package checks them (finite, within range).
/// </summary>
public static class ProfileJson
{
    /// <summary>Reads <paramref name="profile"/> against the package's <paramref name="fields"/>.</summary>
    /// <exception cref="ArgumentException">The value is not an object, or a field is unknown or of the wrong JSON type; the message names it.</exception>
    public static Dictionary<string, string?> Read(JsonElement profile, IReadOnlyList<ProfileField> fields)
    {
        if (profile.ValueKind != JsonValueKind.Object)
            throw new ArgumentException(
                $"A new user is a JSON object of profile fields, e.g. {{\"age\": 31}}; got a JSON {profile.ValueKind.ToString().ToLowerInvariant()}.", nameof(profile));
        var known = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in profile.EnumerateObject())
        {
            var name = property.Name;
            if (!known.TryGetValue(name, out var field))
                throw new ArgumentException(
                    $"Unknown profile field '{name}'; this model knows {(known.Count == 0 ? "none (its users have no features)" : string.Join(", ", known.Keys.Select(k => $"'{k}'")))}.", name);
            if (!values.TryAdd(name, Value(property.Value, field)))
                throw new ArgumentException($"Profile field '{name}' is given twice.", name);
        }
        return values;
    }

    private static string? Value(JsonElement value, ProfileField field)
    {
        var name = field.Name;
        return (value.ValueKind, field.Kind) switch
        {
            (JsonValueKind.Null, _) => null,
            (JsonValueKind.Number, FeatureKind.Numeric) => value.GetRawText(),
            (_, FeatureKind.Numeric) => throw new ArgumentException(
                $"Profile field '{name}' must be a JSON number (or null); got a JSON {Kind(value)}.", name),
            (JsonValueKind.String, _) => value.GetString(),
            (JsonValueKind.Array, FeatureKind.MultiCategorical) => string.Join(FeatureColumn.MultiValueSeparator,
                value.EnumerateArray().Select(label => label.ValueKind == JsonValueKind.String
                    ? label.GetString()!
                    : throw new ArgumentException($"Profile field '{name}' must be a string or an array of strings; it holds a JSON {Kind(label)}.", name))),
            _ => throw new ArgumentException(
                $"Profile field '{name}' must be a JSON string{(field.Kind == FeatureKind.MultiCategorical ? " or an array of strings" : "")} (or null); got a JSON {Kind(value)}.", name),
        };
    }

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture);
}
