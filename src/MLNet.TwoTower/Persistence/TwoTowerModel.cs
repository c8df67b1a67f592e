using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using MLNet.TwoTower.Schema;

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
    /// <returns>
    /// The model. When it runs ONNX graphs it scores through the same fast path as a fitted
    /// <see cref="TwoTowerTransformer"/> (bit-identical to <c>ml.Model.Load</c>'s chain) and is <see cref="IDisposable"/>:
    /// dispose it to release its ONNX Runtime sessions. Saving it again
    /// writes the same chain of built-ins.
    /// </returns>
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
            DataViewSchema? schema = null;
            var model = OnnxModels.Retrying(() => ml.Model.Load(path, out schema));
            inputSchema = schema!;
            return model is TransformerChain<ITransformer> chain && ChainLeaves.Of(chain).Any(t => t is OnnxTransformer)
                ? new LoadedModel(chain)
                : model;
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

    /// <summary>
    /// The part of <paramref name="model"/> that can run on <paramref name="availableColumns"/>: every transformer,
    /// in order, whose input columns exist by the time it runs; the others are left out. On an item catalogue
    /// (item columns only) this yields the item featurisation plus the item tower, adding <c>ItemEmbedding</c>; on a
    /// new user's row it yields the user side, adding <c>UserEmbedding</c>. Works on a fitted model and on one
    /// restored with <c>ml.Model.Load</c> (a plain chain of built-ins).
    /// </summary>
    /// <param name="model">A model that contains a Two-Tower model, possibly after other transformers.</param>
    /// <param name="availableColumns">The schema of the data you will transform.</param>
    /// <returns>A transformer chain that adds at least one embedding column.</returns>
    /// <exception cref="ArgumentException">No embedding can be computed from <paramref name="availableColumns"/>.</exception>
    public static ITransformer ForAvailableColumns(ITransformer model, DataViewSchema availableColumns)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(availableColumns);
        var kept = new List<ITransformer>();
        var schema = availableColumns;
        foreach (var transformer in ChainLeaves.Of(model))
        {
            DataViewSchema next;
            try
            {
                next = transformer.GetOutputSchema(schema);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                continue; // Its input columns are not there (ML.NET reports a schema mismatch): this step cannot run.
            }
            kept.Add(transformer);
            schema = next;
        }
        if (schema.GetColumnOrNull(DefaultColumnNames.UserEmbedding) is null
            && schema.GetColumnOrNull(DefaultColumnNames.ItemEmbedding) is null)
            throw new ArgumentException(
                $"Neither tower of the model can run on the given columns " +
                $"({string.Join(", ", availableColumns.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}): none of " +
                $"the model's steps produce '{DefaultColumnNames.UserEmbedding}' or " +
                $"'{DefaultColumnNames.ItemEmbedding}' from them. Pass data with the raw columns of one side, " +
                "as they were before the model's first step.", nameof(availableColumns));
        return new TransformerChain<ITransformer>([.. kept]);
    }
}
