using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Tests.Baselines;

public class MatrixFactorizationTrainerTests
{
    private static MatrixFactorizationTrainer.Options Options(int rank = 4, bool biases = false, UnseenKeyFallback fallback = UnseenKeyFallback.NaN, int threads = 1) => new()
    {
        MatrixRowIndexColumnName = "UserKey",
        MatrixColumnIndexColumnName = "ItemKey",
        LabelColumnName = "Label",
        ApproximationRank = rank,
        NumberOfThreads = threads,
        Quiet = true,
        Seed = 7,
        UseBiases = biases,
        UnseenKeyFallback = fallback,
    };

    [Fact]
    public void Options_Defaults_MatchMlNet()
    {
        // ML.NET's MatrixFactorizationTrainer.Defaults (Microsoft.ML.Recommender): the Alpha and C constants are floats.
        var options = new MatrixFactorizationTrainer.Options();
        // ML.NET has no column defaults; ours are the library-wide names.
        Assert.Equal(DefaultColumnNames.ItemId, options.MatrixColumnIndexColumnName);
        Assert.Equal(DefaultColumnNames.UserId, options.MatrixRowIndexColumnName);
        Assert.Equal(DefaultColumnNames.Label, options.LabelColumnName);
        Assert.Equal(MatrixFactorizationTrainer.LossFunctionType.SquareLossRegression, options.LossFunction);
        Assert.Equal(0, (int)MatrixFactorizationTrainer.LossFunctionType.SquareLossRegression);
        Assert.Equal(12, (int)MatrixFactorizationTrainer.LossFunctionType.SquareLossOneClass);
        Assert.Equal(0.1, options.Lambda);
        Assert.Equal(8, options.ApproximationRank);
        Assert.Equal(20, options.NumberOfIterations);
        Assert.Equal(0.1, options.LearningRate);
        Assert.Equal((double)0.0001f, options.Alpha);
        Assert.Equal((double)0.000001f, options.C);
        Assert.Null(options.NumberOfThreads);
        Assert.False(options.Quiet);
        Assert.False(options.NonNegative);
        Assert.False(options.UseBiases);
        Assert.Equal(UnseenKeyFallback.NaN, options.UnseenKeyFallback);
        Assert.Equal("UserFactors", options.UserFactorsColumnName);
        Assert.Equal("ItemFactors", options.ItemFactorsColumnName);
        Assert.Null(options.Seed);
    }

    [Fact]
    public void Fit_LowRankMatrix_HeldOutRmseFarBelowMeanBaseline()
    {
        var ml = new MLContext(1);
        var (observed, hidden) = RatingData.LowRank(40, 30, seed: 3);
        var all = RatingData.Keyed(ml, observed.Concat(hidden));
        var isHidden = observed.Select(_ => false).Concat(hidden.Select(_ => true)).ToArray();
        var split = SplitByFlag(ml, all, isHidden);
        var options = Options(rank: 4, biases: true);
        options.NumberOfIterations = 50;
        var model = ml.Ranking.Trainers.MatrixFactorization(options).Fit(split.Train);

        var scores = model.Transform(split.Test).GetColumn<float>("Score").ToArray();
        var labels = split.Test.GetColumn<float>("Label").ToArray();
        double mean = observed.Average(r => r.Label);
        double rmse = Math.Sqrt(labels.Zip(scores, (l, s) => (double)(l - s) * (l - s)).Average());
        double baseline = Math.Sqrt(labels.Average(l => (l - mean) * (l - mean)));
        Assert.True(rmse < 0.5 * baseline, $"held-out RMSE {rmse:F3} should be well below the mean predictor's {baseline:F3}");
        Assert.True(model.Model.TrainingLossPerIteration[^1] < model.Model.TrainingLossPerIteration[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fit_AllLabelsEqual_TrainsFiniteFactorsThatPredictTheLabel(bool biases)
    {
        // Issue 11 §4: on a dataset whose ratings are all 5 the solver divided the labels by their standard deviation,
        // 0 floored at 1e-4 as in LIBMF, and stopped with "diverged at iteration 1: the training loss is NaN".
        var ml = new MLContext(1);
        var random = new Random(5);
        var rows = Enumerable.Range(0, 300)
            .Select(_ => new RatingData.Row { UserId = random.Next(30), ItemId = random.Next(20), Label = 5 })
            .DistinctBy(r => (r.UserId, r.ItemId)).ToList();
        var data = RatingData.Keyed(ml, rows);

        var model = ml.Ranking.Trainers.MatrixFactorization(Options(rank: 8, biases: biases)).Fit(data);

        Assert.All(model.Model.TrainingLossPerIteration, loss => Assert.True(double.IsFinite(loss), $"loss {loss}"));
        var scores = model.Transform(data).GetColumn<float>("Score").ToArray();
        // Lambda 0.1 shrinks the fit a little below 5; every training row is still predicted close to it.
        Assert.All(scores, score => Assert.InRange(score, 4f, 5.5f));
    }

    [Fact]
    public void LabelScale_RatingsThatVary_KeepLibmfsStandardDeviation()
    {
        // ml-latest-small: std 1.04, rms 3.66 (rms / 8 = 0.46 < std): LIBMF's scale, unchanged.
        Assert.Equal(1.04f, SgdMatrixFactorizationSolver.LabelScale(1.04f, 3.66f));
        // Constant labels 5: std 0, scale 5 / 8 (LIBMF's floor 1e-4 made the scaled label 50,000).
        Assert.Equal(0.625f, SgdMatrixFactorizationSolver.LabelScale(0f, 5f));
        Assert.Equal(1f, SgdMatrixFactorizationSolver.LabelScale(0f, 0f));
    }

    [Fact]
    public void Fit_ContextCancelled_ThrowsOperationCanceledBeforeTheFirstIteration()
    {
        // ml.CancelExecution() stops ML.NET's trainers; ours checks it at the start of every solver iteration.
        var ml = new MLContext(1);
        var (observed, _) = RatingData.LowRank(40, 30, seed: 3);
        var data = RatingData.Keyed(ml, observed);
        var trainer = ml.Ranking.Trainers.MatrixFactorization(Options());
        ml.CancelExecution();

        var error = Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(data));
        Assert.Contains("CancelExecution", error.Message);
    }

    [Fact]
    public void SaveLoad_NewContext_GivesIdenticalScoresAndFactors()
    {
        var ml = new MLContext(1);
        var data = RatingData.Keyed(ml, RatingData.LowRank(12, 9, seed: 5).Observed);
        var model = ml.Ranking.Trainers.MatrixFactorization(Options(rank: 3, biases: true)).Fit(data);
        var before = model.Transform(data);
        using var temp = new TempFolder("mf-");
        var path = temp.File("model.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var other = new MLContext(99);
            other.ComponentCatalog.RegisterAssembly(typeof(ScoreFromVectorMapping).Assembly);
            var loaded = other.Model.Load(path, out _);
            var after = loaded.Transform(data);
            Assert.Equal(before.GetColumn<float>("Score").ToArray(), after.GetColumn<float>("Score").ToArray());
            var factorsBefore = before.GetColumn<VBuffer<float>>("UserFactors").Select(v => v.DenseValues().ToArray()).ToArray();
            var factorsAfter = after.GetColumn<VBuffer<float>>("UserFactors").Select(v => v.DenseValues().ToArray()).ToArray();
            Assert.Equal(factorsBefore, factorsAfter);
            Assert.Equal(3, factorsBefore[0].Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Transform_ScoresEqualModelParameters()
    {
        // The ONNX graph and the managed tables must agree: score = global + b_u + b_i + p_u·q_i.
        var ml = new MLContext(1);
        var data = RatingData.Keyed(ml, RatingData.LowRank(10, 8, seed: 2).Observed);
        var model = ml.Ranking.Trainers.MatrixFactorization(Options(rank: 5, biases: true)).Fit(data);
        var scores = model.Transform(data).GetColumn<float>("Score").ToArray();
        var users = data.GetColumn<uint>("UserKey").ToArray();
        var items = data.GetColumn<uint>("ItemKey").ToArray();
        for (int r = 0; r < scores.Length; r++)
            Assert.Equal(model.Model.Score(users[r], items[r]), scores[r], 4);
    }

    [Fact]
    public void Transform_UnseenUser_NaNByDefault_ItemBiasWithZerosFallback()
    {
        // User 2 exists in the key mapping but has no training rows.
        var ml = new MLContext(1);
        var rows = new List<RatingData.Row>
        {
            new() { UserId = 0, ItemId = 0, Label = 5 }, new() { UserId = 0, ItemId = 1, Label = 1 },
            new() { UserId = 1, ItemId = 0, Label = 4 }, new() { UserId = 1, ItemId = 1, Label = 2 },
            new() { UserId = 2, ItemId = 0, Label = 3 },
        };
        var all = RatingData.Keyed(ml, rows);
        var (train, coldRow) = SplitByFlag(ml, all, [false, false, false, false, true]);

        var nanModel = ml.Ranking.Trainers.MatrixFactorization(Options(rank: 2)).Fit(train);
        Assert.True(float.IsNaN(nanModel.Transform(coldRow).GetColumn<float>("Score").Single()));

        var zeroModel = ml.Ranking.Trainers.MatrixFactorization(Options(rank: 2, biases: true, fallback: UnseenKeyFallback.Zeros)).Fit(train);
        float expected = zeroModel.Model.GlobalBias + zeroModel.Model.GetItemBias(1); // item key 1 = ItemId 0
        Assert.Equal(expected, zeroModel.Transform(coldRow).GetColumn<float>("Score").Single(), 4);
        Assert.Equal(new float[2], zeroModel.Model.GetUserFactors(3).ToArray());

        var meanModel = ml.Ranking.Trainers.MatrixFactorization(Options(rank: 2, fallback: UnseenKeyFallback.MeanFactors)).Fit(train);
        var mean = new[] { 0, 1 }.Select(d => (meanModel.Model.GetUserFactors(1)[d] + meanModel.Model.GetUserFactors(2)[d]) / 2).ToArray();
        Assert.Equal(mean, meanModel.Model.GetUserFactors(3).ToArray());
        Assert.Equal(mean, meanModel.Model.GetUserFactors(0).ToArray()); // the missing key gets the fallback too
    }

    [Fact]
    public void Fit_SameSeed_SameModelWhateverTheThreadCount()
    {
        var ml = new MLContext(1);
        var data = RatingData.Keyed(ml, RatingData.LowRank(30, 25, seed: 4).Observed);
        var one = ml.Ranking.Trainers.MatrixFactorization(Options(rank: 16, threads: 1)).Fit(data);
        var two = ml.Ranking.Trainers.MatrixFactorization(Options(rank: 16, threads: 2)).Fit(data);
        var again = ml.Ranking.Trainers.MatrixFactorization(Options(rank: 16, threads: 1)).Fit(data);
        var (u1, i1, _) = one.Model.GetScoringEmbeddings();
        var (u2, i2, _) = two.Model.GetScoringEmbeddings();
        var (u3, _, _) = again.Model.GetScoringEmbeddings();
        Assert.Equal(u1, u2);
        Assert.Equal(i1, i2);
        Assert.Equal(u1, u3);
    }

    [Fact]
    public void Fit_NoExplicitSeed_MLContextSeedMakesItReproducible()
    {
        float[] Train()
        {
            var ml = new MLContext(seed: 5);
            var data = RatingData.Keyed(ml, RatingData.LowRank(8, 6, seed: 4).Observed);
            var options = Options(rank: 3);
            options.Seed = null;
            return ml.Ranking.Trainers.MatrixFactorization(options).Fit(data).Model.GetScoringEmbeddings().Users;
        }
        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void Fit_OneClass_ScoresObservedAboveUnobserved()
    {
        // Two blocks: users 0-4 like items 0-4, users 5-9 like items 5-9. One-class MF must score in-block pairs higher.
        var ml = new MLContext(1);
        var rows = new List<RatingData.Row>();
        for (int u = 0; u < 10; u++)
            for (int i = 0; i < 10; i++)
                if (u / 5 == i / 5 && (u + i) % 4 != 0)
                    rows.Add(new RatingData.Row { UserId = u, ItemId = i, Label = 1 });
        var data = RatingData.Keyed(ml, rows);
        var options = Options(rank: 4);
        options.LossFunction = MatrixFactorizationTrainer.LossFunctionType.SquareLossOneClass;
        options.Alpha = 0.1;
        options.Lambda = 0.05;
        var model = ml.Ranking.Trainers.MatrixFactorization(options).Fit(data).Model;
        // Keys follow first appearance: user u → key u + 1; items appear in order 1,2,3,4 then 0,... so look them up by id.
        var itemKeys = data.GetColumn<float>("ItemId").Zip(data.GetColumn<uint>("ItemKey")).Distinct().ToDictionary(p => (int)p.First, p => p.Second);
        var userKeys = data.GetColumn<float>("UserId").Zip(data.GetColumn<uint>("UserKey")).Distinct().ToDictionary(p => (int)p.First, p => p.Second);
        double inBlock = 0, outBlock = 0;
        for (int u = 0; u < 10; u++)
            for (int i = 0; i < 10; i++)
                (u / 5 == i / 5 ? ref inBlock : ref outBlock) += model.Score(userKeys[u], itemKeys[i]);
        Assert.True(inBlock / 50 > outBlock / 50 + 0.3, $"in-block mean {inBlock / 50:F3} vs out-of-block {outBlock / 50:F3}");
    }

    [Fact]
    public void Fit_UserColumnNotKey_ThrowsNamingColumnAndFix()
    {
        var ml = new MLContext(1);
        var data = RatingData.Keyed(ml, RatingData.LowRank(4, 4, seed: 1).Observed);
        var options = Options();
        options.MatrixRowIndexColumnName = "UserId";
        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.Trainers.MatrixFactorization(options).Fit(data));
        Assert.Contains("'UserId'", error.Message);
        Assert.Contains("MapValueToKey", error.Message);
    }

    [Fact]
    public void Fit_NoUsableRows_ThrowsCountingSkippedRows()
    {
        // Every label is NaN: nothing to learn from, and the message says why.
        var ml = new MLContext(1);
        var rows = new[] { new RatingData.Row { UserId = 1, ItemId = 1, Label = float.NaN }, new RatingData.Row { UserId = 2, ItemId = 1, Label = float.NaN } };
        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.Trainers.MatrixFactorization(Options()).Fit(RatingData.Keyed(ml, rows)));
        Assert.Contains("all 2 rows", error.Message);
    }

    [Fact]
    public void Transform_MissingKey_ScoresThroughFallback()
    {
        // A user id the key mapping never saw maps to key 0 (missing). It must not fail the ONNX Gather; it takes the
        // fallback row, here zeros + biases: global + item bias.
        var ml = new MLContext(1);
        var rows = RatingData.LowRank(5, 4, seed: 1).Observed;
        var raw = ml.Data.LoadFromEnumerable(rows);
        var keys = ml.Transforms.Conversion.MapValueToKey("UserKey", "UserId")
            .Append(ml.Transforms.Conversion.MapValueToKey("ItemKey", "ItemId")).Fit(raw);
        var model = ml.Ranking.Trainers.MatrixFactorization(Options(rank: 2, biases: true, fallback: UnseenKeyFallback.Zeros)).Fit(keys.Transform(raw));
        var stranger = keys.Transform(ml.Data.LoadFromEnumerable(new[] { new RatingData.Row { UserId = 99, ItemId = 2, Label = 3 } }));
        Assert.Equal(0u, stranger.GetColumn<uint>("UserKey").Single());
        uint item = stranger.GetColumn<uint>("ItemKey").Single();
        Assert.Equal(model.Model.GlobalBias + model.Model.GetItemBias(item), model.Transform(stranger).GetColumn<float>("Score").Single(), 4);
    }

    [Fact]
    public void Create_InvalidOptions_ReportsEveryProblemAtOnce()
    {
        var ml = new MLContext(1);
        var options = Options();
        options.ApproximationRank = 0;
        options.LearningRate = -1;
        options.NumberOfThreads = 0;
        options.LabelColumnName = null;
        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.Trainers.MatrixFactorization(options));
        Assert.Contains("ApproximationRank", error.Message);
        Assert.Contains("LearningRate", error.Message);
        Assert.Contains("NumberOfThreads", error.Message);
        Assert.Contains("LabelColumnName", error.Message);
    }

    [Fact]
    public void Transform_KeyCountDiffersFromTraining_Throws()
    {
        // Guards against scoring with a key mapping fitted on other data, which would silently score the wrong users.
        var ml = new MLContext(1);
        var data = RatingData.Keyed(ml, RatingData.LowRank(5, 4, seed: 1).Observed);
        var model = ml.Ranking.Trainers.MatrixFactorization(Options()).Fit(data);
        var other = RatingData.Keyed(ml, RatingData.LowRank(6, 4, seed: 1).Observed);
        var error = Assert.Throws<ArgumentException>(() => model.Transform(other));
        Assert.Contains("UserKey", error.Message);
    }

    [Fact]
    public void Pipeline_KeyMappingThenTrainer_FitsThroughSchemaPropagation()
    {
        // EstimatorChain.Fit first propagates SchemaShape through every estimator, i.e. calls our GetOutputSchema.
        var ml = new MLContext(1);
        var raw = ml.Data.LoadFromEnumerable(RatingData.LowRank(6, 5, seed: 1).Observed);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("UserKey", "UserId")
            .Append(ml.Transforms.Conversion.MapValueToKey("ItemKey", "ItemId"))
            .Append(ml.Ranking.Trainers.MatrixFactorization("Label", "ItemKey", "UserKey", approximationRank: 3));
        var output = pipeline.Fit(raw).Transform(raw);
        Assert.Equal(NumberDataViewType.Single, output.Schema["Score"].Type);
        Assert.Equal(3, ((VectorDataViewType)output.Schema["ItemFactors"].Type).Size);
        Assert.DoesNotContain(output.Schema, c => c.Name.StartsWith("__", StringComparison.Ordinal));
        Assert.All(output.GetColumn<float>("Score"), s => Assert.True(float.IsFinite(s)));
    }

    private static (IDataView Train, IDataView Test) SplitByFlag(MLContext ml, IDataView all, bool[] isTest)
    {
        var train = ml.Data.Cache(new MLNet.TwoTower.Evaluation.RowSubsetDataView(all, isTest.Select(t => !t).ToArray()));
        var test = ml.Data.Cache(new MLNet.TwoTower.Evaluation.RowSubsetDataView(all, isTest));
        return (train, test);
    }
}
