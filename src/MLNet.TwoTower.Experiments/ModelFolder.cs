using System.Text.Json;
using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.IO;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Experiments;

/// <summary>
/// What <c>twotower train</c> leaves behind, one file per job: the scoring model (<see cref="Model"/>, an ML.NET zip
/// that loads without libtorch), its weights (<see cref="Parameters"/>, to export ONNX towers), the feature pipelines
/// for new users and items, and the id ↔ key tables. Every file is written atomically.
/// </summary>
public sealed class ModelFolder
{
    /// <summary>The Two-Tower model as an ML.NET zip.</summary>
    public const string Model = "model.zip";

    /// <summary>The model's weights (<see cref="TwoTowerParametersFile"/>).</summary>
    public const string Parameters = "parameters.json";

    /// <summary>The fitted user feature pipeline (absent when users have no features).</summary>
    public const string UserFeatures = "user-features.zip";

    /// <summary>The fitted item feature pipeline (absent when items have no features).</summary>
    public const string ItemFeatures = "item-features.zip";

    /// <summary>User and item ids in key order.</summary>
    public const string Keys = "keys.json";

    /// <summary>Writes a trained model and what it needs to serve into <paramref name="folder"/>.</summary>
    public static void Save(string folder, MLContext ml, TwoTowerTransformer model, PreparedData data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        Directory.CreateDirectory(folder);
        SaveZip(ml, model, data.Interactions.Schema, Path.Combine(folder, Model));
        TwoTowerParametersFile.Save(model.Parameters, Path.Combine(folder, Parameters));
        if (data.Features.UserTransformer is { } users)
            SaveZip(ml, users, data.Features.UserInputSchema!, Path.Combine(folder, UserFeatures));
        if (data.Features.ItemTransformer is { } items)
            SaveZip(ml, items, data.Features.ItemInputSchema!, Path.Combine(folder, ItemFeatures));
        AtomicFile.WriteAllText(Path.Combine(folder, Keys),
            JsonSerializer.Serialize(new KeyTables(data.UserIds.ToArray(), data.ItemIds.ToArray())));
    }

    /// <summary>Reads the id tables of a model folder.</summary>
    public static KeyTables LoadKeys(string folder)
    {
        var path = Path.Combine(folder, Keys);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{Path.GetFullPath(folder)}' is not a model folder written by 'twotower train': {Keys} is missing.", path);
        try
        {
            return JsonSerializer.Deserialize<KeyTables>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"'{Path.GetFullPath(path)}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{Path.GetFullPath(path)}' is damaged or truncated: {e.Message}", e);
        }
    }

    private static void SaveZip(MLContext ml, ITransformer model, DataViewSchema schema, string path) =>
        AtomicFile.Write(path, stream => ml.Model.Save(model, schema, stream));

    /// <summary>Ids in key order: element k − 1 belongs to key k.</summary>
    /// <param name="Users">User ids.</param>
    /// <param name="Items">Item ids.</param>
    public sealed record KeyTables(string[] Users, string[] Items);
}
