using Microsoft.ML;
using MLNet.TwoTower.MLNetInput;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Training.MLNetInput;

namespace MLNet.TwoTower;

/// <summary>Entry points of MLNet.TwoTower on ML.NET's catalogs: <c>ml.Ranking.Trainers.TwoTower(...)</c> and friends.</summary>
public static partial class TwoTowerCatalog
{
    /// <summary>
    /// Creates a <see cref="TwoTowerTrainer"/> with full control over its settings.
    /// </summary>
    /// <param name="catalog">The ranking trainers catalog (<c>ml.Ranking.Trainers</c>).</param>
    /// <param name="options">Columns, architecture and optimisation settings; every invalid setting is reported at
    /// once.</param>
    public static TwoTowerTrainer TwoTower(this RankingCatalog.RankingTrainers catalog, TwoTowerTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TwoTowerTrainer(HostEnvironmentSettings.GetEnvironment(catalog), options);
    }

    /// <summary>
    /// Creates a <see cref="TwoTowerTrainer"/> from column names and the most-tuned knobs; every other setting keeps
    /// its <see cref="TwoTowerTrainer.Options"/> default.
    /// </summary>
    /// <param name="catalog">The ranking trainers catalog (<c>ml.Ranking.Trainers</c>).</param>
    /// <param name="userIdColumnName">Key-typed user id column.</param>
    /// <param name="itemIdColumnName">Key-typed item id column.</param>
    /// <param name="userFeaturesColumnName">Known-size Single vector of user features; null for a user tower that
    /// reads only the learned id embedding.</param>
    /// <param name="itemFeaturesColumnName">Known-size Single vector of item features; null for an id-only item
    /// tower.</param>
    /// <param name="labelColumnName">Single rating (positive at or above 4) or Boolean label.</param>
    /// <param name="numberOfEpochs">The most passes over the positive pairs; null chooses from the data (see
    /// <see cref="TwoTowerTrainer.Options.NumberOfEpochs"/>).</param>
    /// <param name="batchSize">Positive pairs per batch (the in-batch negatives); at least 2.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    public static TwoTowerTrainer TwoTower(this RankingCatalog.RankingTrainers catalog,
        string userIdColumnName = DefaultColumnNames.UserId,
        string itemIdColumnName = DefaultColumnNames.ItemId,
        string? userFeaturesColumnName = DefaultColumnNames.UserFeatures,
        string? itemFeaturesColumnName = DefaultColumnNames.ItemFeatures,
        string labelColumnName = DefaultColumnNames.Label,
        int? numberOfEpochs = null,
        int batchSize = TwoTowerTrainerDefaults.BatchSize,
        float learningRate = TwoTowerTrainerDefaults.LearningRate) =>
        catalog.TwoTower(new TwoTowerTrainer.Options
        {
            UserIdColumnName = userIdColumnName,
            ItemIdColumnName = itemIdColumnName,
            UserFeaturesColumnName = userFeaturesColumnName,
            ItemFeaturesColumnName = itemFeaturesColumnName,
            LabelColumnName = labelColumnName,
            NumberOfEpochs = numberOfEpochs,
            BatchSize = batchSize,
            LearningRate = learningRate,
        });
}
