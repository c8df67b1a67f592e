namespace MLNet.TwoTower;

/// <summary>Which ML.NET LambdaRank trainer fits the second stage of <see cref="TwoStageTrainer"/>.</summary>
public enum RerankerTrainer
{
    /// <summary>
    /// <c>ml.Ranking.Trainers.LightGbm</c> (Microsoft.ML.LightGbm, native lib_lightgbm; needs libgomp1 on Linux, which
    /// Debian 12 ships). Run single-threaded and deterministic, so a seed gives the same trees.
    /// </summary>
    LightGbm,

    /// <summary><c>ml.Ranking.Trainers.FastTree</c> (Microsoft.ML.FastTree, managed): where LightGBM's native library is unavailable.</summary>
    FastTree,
}
