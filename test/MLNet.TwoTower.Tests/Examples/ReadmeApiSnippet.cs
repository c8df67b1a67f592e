using Microsoft.ML;
using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Retrieval;

namespace MLNet.TwoTower.Tests.Examples;

/// <summary>
/// The README's "The API in 20 lines" block, verbatim between the markers, so it compiles with the tests;
/// <see cref="ReadmeApiSnippetTests"/> checks it still matches the README and runs it on a generated dataset folder
/// in the working directory (the block's paths are relative).
/// </summary>
internal static class ReadmeApiSnippet
{
    public static (ScoredItem[] Top10, ScoredItem[] ColdTop10, double Ndcg10) Run()
    {
        // README begin
        var ml = new MLContext(seed: 42);
        var data = PreparedData.Prepare(ml, DatasetFolder.Load("my-data"));          // keys + per-entity features
        var split = InteractionSplitter.Random(ml, data.Interactions, testFraction: 0.2, seed: 42);

        var model = ml.Ranking.Trainers.TwoTower(new TwoTowerTrainer.Options { PositiveThreshold = 4f })
            .Fit(split.TrainSet);                       // reads UserId, ItemId, Label, UserFeatures, ItemFeatures (the defaults)

        var ndcg = ReferenceNdcgEvaluator.Evaluate(ml, model.Transform(split.TestSet));  // nDCG@1..10 via ml.Ranking.Evaluate
        ml.Model.Save(model, split.TrainSet.Schema, "model.zip");                      // loads back without libtorch
        model.ExportOnnx("user_tower.onnx", "item_tower.onnx");                        // serve anywhere with ONNX Runtime

        var loaded = ml.Model.Load("model.zip", out _);
        using var index = ml.Ranking.BuildItemIndex(loaded, data.ItemRows());          // exact, or HNSW past 100k items
        var recommender = ml.Ranking.CreateRecommender(loaded, index, data.UserRows(), split.TrainSet);
        var top10 = recommender.Recommend(userKey: 7, k: 10);                          // seen items excluded
        var profile = new Dictionary<string, string> { ["age"] = "31", ["self_introduction"] = "I hike and play jazz." };
        var coldTop10 = recommender.RecommendForNewUsers(data.NewUserRow(data.FeaturizeNewUser(profile)), 10)[0];
        // README end
        return (top10, coldTop10, ndcg.At(10));
    }
}
