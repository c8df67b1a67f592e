using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Datasets.DataViews;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// A new user's profile fields → checked against the package's profile fields → the saved user feature pipeline →
/// the model's user tower (unseen-user path) → an embedding to search with. Owns the model and the pipeline it is
/// given: disposing it releases their ONNX Runtime sessions.
/// </summary>
internal sealed class NewUserEmbedder : IDisposable
{
    /// <summary>The longest text a profile field may hold.</summary>
    public const int MaxTextLength = 10_000;

    private readonly ITransformer _model;
    private readonly ITransformer _featurizer;
    private readonly DataViewSchema _featurizerInput;
    private readonly ITransformer _userTower;
    private readonly TowerRows _rows;
    private readonly int _featureWidth;
    private readonly Dictionary<string, ProfileField> _fields;

    public NewUserEmbedder(MLContext ml, ITransformer model, TwoTowerModelParameters parameters, ITransformer featurizer,
        DataViewSchema featurizerInput, IReadOnlyList<ProfileField> fields)
    {
        _model = model;
        _featurizer = featurizer;
        _featurizerInput = featurizerInput;
        _rows = TowerRows.UserSide(ml, parameters);
        _userTower = TwoTowerModel.ForAvailableColumns(model, _rows.View([]).Schema);
        _featureWidth = parameters.UserTower.FeatureSize;
        _fields = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public void Dispose()
    {
        (_model as IDisposable)?.Dispose();
        (_featurizer as IDisposable)?.Dispose();
    }

    public float[] Embed(IReadOnlyDictionary<string, string?> profile)
    {
        Check(profile);
        var row = new InMemoryDataView(1, _featurizerInput.Select(c => Column(c, profile)).ToArray());
        var features = _featurizer.Transform(row).GetColumn<float[]>(EntityFeaturizerDefaults.OutputColumnName).Single();
        if (features.Length != _featureWidth)
            throw new InvalidOperationException(
                $"The package's user feature pipeline produced {features.Length} features, but its model reads {_featureWidth}: the package is inconsistent; write it again.");
        return _rows.Embed(_userTower, [(TowerRows.Missing, features)])[0];
    }

    /// <summary>Refuses unknown fields, unparsable or out-of-range numbers and overlong texts, naming the field.</summary>
    private void Check(IReadOnlyDictionary<string, string?> profile)
    {
        foreach (var (name, value) in profile)
        {
            if (!_fields.TryGetValue(name, out var field))
                throw new ArgumentException(
                    $"Unknown profile field '{name}'; this model knows {string.Join(", ", _fields.Keys.Select(k => $"'{k}'"))}.", name);
            if (value is null)
                continue;
            if (field.Kind == FeatureKind.Numeric)
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    throw new ArgumentException($"Profile field '{name}' must be a number; got '{Shorten(value)}'.", name);
                if (!field.Accepts(number))
                {
                    var (low, high) = field.AcceptedRange;
                    throw new ArgumentException(
                        $"Profile field '{name}' must be a finite number between {low.ToString(CultureInfo.InvariantCulture)} and " +
                        $"{high.ToString(CultureInfo.InvariantCulture)} (training values ranged from {field.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "?"} " +
                        $"to {field.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "?"}); got {value}.", name);
                }
            }
            else if (value.Length > MaxTextLength)
                throw new ArgumentException($"Profile field '{name}' is {value.Length} characters long; at most {MaxTextLength} are accepted.", name);
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static InMemoryColumn Column(DataViewSchema.Column column, IReadOnlyDictionary<string, string?> profile)
    {
        profile.TryGetValue(column.Name, out var value);
        if (column.Type is NumberDataViewType)
        {
            float number = value is null ? float.NaN : (float)double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            return InMemoryColumn.Single(column.Name, _ => number);
        }
        return InMemoryColumn.Text(column.Name, _ => value ?? "");
    }
}
