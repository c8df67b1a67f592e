using Microsoft.ML;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// Working with a saved Two-Tower model: loading it with errors that name the file and say what to do.
/// </summary>
public static class TwoTowerModel
{
    /// <summary>
    /// Loads a model saved with <c>ml.Model.Save</c>; a missing, truncated or foreign file gives an error that names
    /// the file and says what to do (a bare <c>ml.Model.Load</c> says only "Failed to open a zip archive").
    /// A bare <c>ml.Model.Load</c> restores a Two-Tower model just as well: the saved score mapping records this
    /// library's assembly name and ML.NET loads it by that name, so no <c>ComponentCatalog.RegisterAssembly</c> call is
    /// needed, provided the application ships MLNet.TwoTower (the same or a newer version).
    /// </summary>
    /// <param name="ml">The context to load into.</param>
    /// <param name="path">The model zip.</param>
    /// <param name="inputSchema">The schema of the data the model was fitted on.</param>
    /// <returns>The model: a chain of ML.NET built-ins, no longer a <see cref="TwoTowerTransformer"/>.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">The file is not a readable ML.NET model.</exception>
    public static ITransformer Load(MLContext ml, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"There is no model file at '{Path.GetFullPath(path)}'.", path);
        try
        {
            return ml.Model.Load(path, out inputSchema);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new ArgumentException(
                $"'{Path.GetFullPath(path)}' is not a readable ML.NET model ({e.GetType().Name}: {e.Message}). " +
                "It may be truncated (an interrupted copy or download) or not a file written by ml.Model.Save; " +
                "copy or save it again.", nameof(path), e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            throw new ArgumentException(
                $"'{Path.GetFullPath(path)}' is not a readable ML.NET model in this application ({e.GetType().Name}: " +
                $"{e.Message}). If a component is reported missing, the application lacks the assembly that defines it " +
                "(MLNet.TwoTower, Microsoft.ML.OnnxTransformer); otherwise it is damaged or was not written by ml.Model.Save: copy or save it again.",
                nameof(path), e);
        }
    }
}
