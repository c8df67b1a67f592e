using Microsoft.ML;
using Microsoft.ML.Data;
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
        // The trees alone: these tests look at what the re-rankers learn; a blend chosen on a handful of validation
        // groups could serve the towers' score instead. TwoStageScoreBlendTests turn validation on.
        ValidationFraction = 0,
        // A fifth, not the default tenth: 24 users with 12 rows each need it for every re-ranker to get groups with
        // held-out dislikes and positives.
        HoldoutFraction = 0.2f,
    };

    public static IDataView Data(MLContext ml, int seed = 1) => ml.Data.Cache(TrainerFixture.ClusteredData(ml, seed));

    /// <summary>
    /// The saved chain's <c>CatalogScore</c> of (<paramref name="userKey"/>, each of <paramref name="itemKeys"/>), the
    /// rows built from <paramref name="data"/>'s features: what the recommender's scores must agree with.
    /// </summary>
    public static float[] ChainCatalogScores(MLContext ml, TwoStageTransformer model, IDataView data, uint userKey, IEnumerable<uint> itemKeys)
    {
        var users = data.GetColumn<uint>("UserId").ToArray();
        var items = data.GetColumn<uint>("ItemId").ToArray();
        var userFeatures = data.GetColumn<float[]>("UserFeatures").ToArray();
        var itemFeatures = data.GetColumn<float[]>("ItemFeatures").ToArray();
        var pairs = itemKeys.Select(item => new InteractionRow
        {
            UserId = userKey - 1, ItemId = item - 1, UserFeatures = userFeatures[Array.IndexOf(users, userKey)],
            ItemFeatures = itemFeatures[Array.IndexOf(items, item)],
        }).ToList();
        var view = InteractionRows.ToDataView(ml, pairs, TrainerFixture.Users, TrainerFixture.Items, TrainerFixture.Width, TrainerFixture.Width);
        return model.Transform(view).GetColumn<float>(TwoStageTransformer.CatalogScoreColumnName).ToArray();
    }

    /// <summary><paramref name="model"/> saved with ML.NET and loaded again in a fresh context (no TorchSharp needed).</summary>
    public static ITransformer Reloaded(MLContext ml, ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        return new MLContext(seed: 5).Model.Load(stream, out _);
    }

    /// <summary>A fitted model with the trace of its <c>Fit</c> (held-out pairs, the re-rankers' rows); disposes the model.</summary>
    public sealed record Traced(TwoStageTrainer Trainer, TwoStageTransformer Model, TwoStageTrainer.FitTrace Trace) : IDisposable
    {
        public void Dispose() => Model.Dispose();
    }

    /// <summary>Fits <paramref name="options"/> on <paramref name="data"/> and keeps the trace.</summary>
    public static Traced FitTraced(MLContext ml, IDataView data, TwoStageTrainer.Options options)
    {
        var trainer = ml.Ranking.Trainers.TwoStage(options);
        TwoStageTrainer.FitTrace? trace = null;
        trainer.Trace = t => trace = t;
        var model = trainer.Fit(data);
        return new Traced(trainer, model, trace ?? throw new InvalidOperationException("Fit did not report its trace."));
    }
}
