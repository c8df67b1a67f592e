using System.Globalization;
using System.Text.Json;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Serving.Package;

namespace MLNet.TwoTower.Serving.Benchmarks;

/// <summary>Random new-user profiles within the package's profile fields (numbers inside the training range).</summary>
internal sealed class ProfileSampler(IReadOnlyList<ProfileField> fields, int seed)
{
    private static readonly string[] Words =
        ["hiking", "jazz", "cooking", "films", "history", "travel", "science", "board games", "running", "poetry", "gardening", "football"];

    private readonly Random _random = new(seed);

    public Dictionary<string, string?> Next()
    {
        lock (_random)
        {
            var profile = new Dictionary<string, string?>();
            foreach (var field in fields)
            {
                profile[field.Name] = field.Kind switch
                {
                    FeatureKind.Numeric when field.Minimum is double low && field.Maximum is double high =>
                        Math.Round(low + _random.NextDouble() * (high - low)).ToString(CultureInfo.InvariantCulture),
                    FeatureKind.Numeric => null,
                    FeatureKind.Text => $"I like {Words[_random.Next(Words.Length)]} and {Words[_random.Next(Words.Length)]}.",
                    _ => Words[_random.Next(Words.Length)],
                };
            }
            return profile;
        }
    }

    public string NextJson() => JsonSerializer.Serialize(Next().ToDictionary(
        p => p.Key, p => fields.First(f => f.Name == p.Key).Kind == FeatureKind.Numeric && p.Value is not null
            ? (object?)double.Parse(p.Value, CultureInfo.InvariantCulture) : p.Value));
}
