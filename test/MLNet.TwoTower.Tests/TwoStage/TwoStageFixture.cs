using Microsoft.ML;
using MLNet.TwoTower.Tests.Training;

namespace MLNet.TwoTower.Tests.TwoStage;

/// <summary>Tiny two-stage setups: the trainer tests' clustered data, small towers, a small re-ranker.</summary>
internal static class TwoStageFixture
{
    public static TwoStageTrainer.Options SmallOptions(RerankerTrainer reranker = RerankerTrainer.LightGbm, bool refit = true) => new()
    {
        Towers = TrainerFixture.SmallOptions(epochs: 3),
        Reranker = reranker,
        RefitTowersOnAllData = refit,
        CandidateCount = 10,
        NumberOfTrees = 20,
        NumberOfLeaves = 4,
        MinimumExampleCountPerLeaf = 5,
        LearningRate = 0.2,
    };

    public static IDataView Data(MLContext ml, int seed = 1) => ml.Data.Cache(TrainerFixture.ClusteredData(ml, seed));
}
