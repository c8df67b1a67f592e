using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Datasets.DataViews;
using MLNet.TwoTower.Datasets.Features;

namespace MLNet.TwoTower.Datasets;

/// <summary>Turns a new user's profile fields (as in <c>users.csv</c>) into their feature vector.</summary>
internal static class ProfileRow
{
    /// <summary>Runs <paramref name="featurizer"/> (a fitted user feature pipeline) on one profile.</summary>
    public static float[] Featurize(ITransformer featurizer, DataViewSchema inputSchema, IReadOnlyDictionary<string, string> profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var unknown = profile.Keys.Where(name => inputSchema.GetColumnOrNull(name) is null).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException(
                $"Unknown profile field(s) {string.Join(", ", unknown)}; the model knows {string.Join(", ", inputSchema.Select(c => c.Name))}.", nameof(profile));
        var row = new InMemoryDataView(1, inputSchema.Select(c => Column(c, profile)).ToArray());
        return featurizer.Transform(row).GetColumn<float[]>(EntityFeaturizerDefaults.OutputColumnName).Single();
    }

    private static InMemoryColumn Column(DataViewSchema.Column column, IReadOnlyDictionary<string, string> profile)
    {
        profile.TryGetValue(column.Name, out var value);
        if (column.Type is NumberDataViewType)
        {
            if (value is null)
                return InMemoryColumn.Single(column.Name, _ => float.NaN);
            if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                throw new ArgumentException($"Profile field '{column.Name}' must be a number; got '{value}'.", nameof(profile));
            return InMemoryColumn.Single(column.Name, _ => number);
        }
        return InMemoryColumn.Text(column.Name, _ => value ?? "");
    }
}
