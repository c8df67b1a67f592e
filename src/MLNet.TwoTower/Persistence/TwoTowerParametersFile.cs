using System.Text.Json;
using MLNet.TwoTower.IO;
using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// Saves a fitted model's plain weights (<see cref="TwoTowerModelParameters"/>) as JSON, so that the model can be
/// rebuilt as a <see cref="TwoTowerTransformer"/> later (to export ONNX towers, to inspect weights) without libtorch.
/// The ML.NET zip from <c>ml.Model.Save</c> remains the way to score; this file is the way back to the weights.
/// </summary>
public static class TwoTowerParametersFile
{
    /// <summary>Marks our files, so a foreign JSON file is refused with a clear message.</summary>
    private const string Format = "MLNet.TwoTower.Parameters/1";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Writes <paramref name="parameters"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(TwoTowerModelParameters parameters, string path)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, new Envelope(Format, parameters), Json));
    }

    /// <summary>Reads parameters written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, damaged or not one of ours.</exception>
    public static TwoTowerModelParameters Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"There is no parameters file at '{Path.GetFullPath(path)}'.", path);
        Envelope? envelope;
        try
        {
            using var stream = File.OpenRead(path);
            envelope = JsonSerializer.Deserialize<Envelope>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"'{Path.GetFullPath(path)}' is not a readable Two-Tower parameters file (line {e.LineNumber + 1}: {e.Message}); " +
                "it may be truncated. Save the model again.", e);
        }
        if (envelope?.Format != Format || envelope.Parameters is null)
            throw new InvalidDataException(
                $"'{Path.GetFullPath(path)}' is not a Two-Tower parameters file (expected format '{Format}', found '{envelope?.Format ?? "none"}').");
        return envelope.Parameters;
    }

    /// <summary>Rebuilds the scoring transformer from saved parameters (checks that the weights fit together).</summary>
    public static TwoTowerTransformer ToTransformer(Microsoft.ML.MLContext ml, TwoTowerModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(parameters);
        return new TwoTowerTransformer(ml, parameters);
    }

    private sealed record Envelope(string Format, TwoTowerModelParameters? Parameters);
}
