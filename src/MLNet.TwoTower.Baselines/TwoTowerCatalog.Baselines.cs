using Microsoft.ML;
using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower;

/// <summary>Catalog entry points of the baselines: matrix factorization and popularity on <c>ml.Ranking.Trainers</c>.</summary>
public static class BaselineCatalog
{
    /// <summary>
    /// Matrix factorization (LIBMF-style, ML.NET's options and defaults) over a user key column, an item key column
    /// and a rating label. Outputs <c>Score</c>, <c>UserFactors</c> and <c>ItemFactors</c>.
    /// </summary>
    /// <param name="catalog">The ranking trainers catalog.</param>
    /// <param name="options">Trainer options; see <see cref="MatrixFactorizationTrainer.Options"/>.</param>
    public static MatrixFactorizationTrainer MatrixFactorization(this RankingCatalog.RankingTrainers catalog, MatrixFactorizationTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MatrixFactorizationTrainer(CatalogContext.Of(catalog), options);
    }

    /// <summary>Matrix factorization with column names and the main knobs; the rest keeps its defaults.</summary>
    /// <param name="catalog">The ranking trainers catalog.</param>
    /// <param name="labelColumnName">The rating column (Single or Double). Default <see cref="DefaultColumnNames.Label"/>.</param>
    /// <param name="matrixColumnIndexColumnName">The item key column. Default <see cref="DefaultColumnNames.ItemId"/>.</param>
    /// <param name="matrixRowIndexColumnName">The user key column. Default <see cref="DefaultColumnNames.UserId"/>.</param>
    /// <param name="approximationRank">Factors per user and item (default 8).</param>
    /// <param name="learningRate">Initial learning rate (default 0.1).</param>
    /// <param name="numberOfIterations">Passes over the data (default 20).</param>
    public static MatrixFactorizationTrainer MatrixFactorization(this RankingCatalog.RankingTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string matrixColumnIndexColumnName = DefaultColumnNames.ItemId,
        string matrixRowIndexColumnName = DefaultColumnNames.UserId,
        int approximationRank = MatrixFactorizationDefaults.ApproximationRank,
        double learningRate = MatrixFactorizationDefaults.LearningRate,
        int numberOfIterations = MatrixFactorizationDefaults.NumberOfIterations) =>
        catalog.MatrixFactorization(new MatrixFactorizationTrainer.Options
        {
            LabelColumnName = labelColumnName,
            MatrixColumnIndexColumnName = matrixColumnIndexColumnName,
            MatrixRowIndexColumnName = matrixRowIndexColumnName,
            ApproximationRank = approximationRank,
            LearningRate = learningRate,
            NumberOfIterations = numberOfIterations,
        });

    /// <summary>The popularity floor: scores each row by its item's positive count or mean rating.</summary>
    /// <param name="catalog">The ranking trainers catalog.</param>
    /// <param name="options">Trainer options; see <see cref="PopularityTrainer.Options"/>.</param>
    public static PopularityTrainer Popularity(this RankingCatalog.RankingTrainers catalog, PopularityTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PopularityTrainer(CatalogContext.Of(catalog), options);
    }

    /// <summary>The popularity floor by positive count: rows with label ≥ <paramref name="positiveThreshold"/> count (all rows without a label).</summary>
    /// <param name="catalog">The ranking trainers catalog.</param>
    /// <param name="itemIdColumnName">The item key column. Default <see cref="DefaultColumnNames.ItemId"/>.</param>
    /// <param name="labelColumnName">The rating column (default <see cref="DefaultColumnNames.Label"/>), or null to count every row.</param>
    /// <param name="positiveThreshold">Minimum label of a positive row (default 4).</param>
    public static PopularityTrainer Popularity(this RankingCatalog.RankingTrainers catalog,
        string itemIdColumnName = DefaultColumnNames.ItemId, string? labelColumnName = DefaultColumnNames.Label,
        float positiveThreshold = 4f) =>
        catalog.Popularity(new PopularityTrainer.Options
        {
            ItemIdColumnName = itemIdColumnName,
            LabelColumnName = labelColumnName,
            PositiveThreshold = positiveThreshold,
        });
}
