using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using Microsoft.ML.Data;
using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Tests.Examples;

/// <summary>
/// The README's "The API in 20 lines" block, verbatim between the markers, so it compiles with the tests;
/// <see cref="ReadmeApiSnippetTests"/> checks it still matches the README and runs it on a generated dataset folder
/// in the working directory (the block's paths are relative).
/// </summary>
internal static class ReadmeApiSnippet
{
    /// <summary>What the block computed, plus what the test checks it against.</summary>
    /// <param name="Top10">The block's recommendations for user key 7.</param>
    /// <param name="ColdTop10">The block's recommendations for a new user.</param>
    /// <param name="Ndcg10">The block's nDCG@10 of the fitted model.</param>
    /// <param name="ReloadedNdcg10">nDCG@10 of the model loaded back from model.zip, on the same test set.</param>
    /// <param name="SeenByUser7">Item keys user 7 rated in the training set.</param>
    public sealed record Result(ScoredItem[] Top10, ScoredItem[] ColdTop10, double Ndcg10, double ReloadedNdcg10, IReadOnlySet<uint> SeenByUser7);

    public static Result Run()
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
        var reloaded = ReferenceNdcgEvaluator.Evaluate(ml, loaded.Transform(split.TestSet)).At(10);
        var seen = split.TrainSet.GetColumn<uint>(DefaultColumnNames.UserId).Zip(split.TrainSet.GetColumn<uint>(DefaultColumnNames.ItemId))
            .Where(row => row.First == 7).Select(row => row.Second).ToHashSet();
        return new Result(top10, coldTop10, ndcg.At(10), reloaded, seen);
    }
}
