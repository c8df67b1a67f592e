using Microsoft.ML;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Datasets.Features;

/// <summary>
/// Featurises a whole dataset: fits <see cref="EntityFeaturizerCatalog.FeaturizeEntity"/> on the user table and on the
/// item table, runs each once (one row per entity) and keeps the vectors for joining to interactions.
/// </summary>
public static class DatasetFeaturizer
{
    /// <summary>Fits and applies the user and item feature pipelines of <paramref name="dataset"/>.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="dataset">The dataset; a side without a table (e.g. MovieLens users) is left null.</param>
    /// <param name="options">Featurizer options shared by both sides; null for the defaults.</param>
    /// <returns>Transformers and per-entity vectors.</returns>
    public static DatasetFeatures Fit(MLContext ml, RecommendationDataset dataset, EntityFeaturizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new EntityFeaturizerOptions();
        var (userModel, userSchema, users) = FitSide(ml, dataset.Users, DatasetColumns.UserIdText, options, "users");
        var (itemModel, itemSchema, items) = FitSide(ml, dataset.Items, DatasetColumns.ItemIdText, options, "items");
        return new DatasetFeatures(userModel, userSchema, users, itemModel, itemSchema, items);
    }

    private static (ITransformer?, DataViewSchema?, EntityFeatureTable?) FitSide(
        MLContext ml, EntityTable? table, string idColumn, EntityFeaturizerOptions options, string tableName)
    {
        if (table is null || table.Columns.Count == 0)
        {
            return (null, null, null);
        }

        var progress = options.Progress;
        progress?.Report(new FeaturizationProgress(tableName, 0, table.Count));
        var data = table.ToDataView(ml, idColumn);
        var model = ml.Transforms.FeaturizeEntity(table, options).Fit(data);
        // The transforms are lazy: the entities are featurised as the table is read, one row per entity.
        var step = Math.Max(1, table.Count / 100);
        var vectors = EntityFeatureTable.FromDataView(model.Transform(data), idColumn, options.OutputColumnName,
            progress is null ? null : done =>
            {
                if (done % step == 0 || done == table.Count)
                    progress.Report(new FeaturizationProgress(tableName, done, table.Count));
            });
        return (model, data.Schema, vectors);
    }
}
