using Microsoft.ML;
using MLNet.TwoTower.MLNetInput;

namespace MLNet.TwoTower;

/// <summary>Entry point of the two-stage recommender on ML.NET's catalogs: <c>ml.Ranking.Trainers.TwoStage(...)</c>.</summary>
public static class TwoStageCatalog
{
    /// <summary>
    /// Creates a <see cref="TwoStageTrainer"/>: Two-Tower retrieval, then a LambdaRank re-ranker of its candidates.
    /// </summary>
    /// <param name="catalog">The ranking trainers catalog (<c>ml.Ranking.Trainers</c>).</param>
    /// <param name="options">The towers' options and the re-ranker's; null takes every default.</param>
    public static TwoStageTrainer TwoStage(this RankingCatalog.RankingTrainers catalog, TwoStageTrainer.Options? options = null) =>
        new(HostEnvironmentSettings.GetEnvironment(catalog), options ?? new TwoStageTrainer.Options());
}
