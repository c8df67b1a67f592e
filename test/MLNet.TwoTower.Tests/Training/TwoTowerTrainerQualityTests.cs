using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Tests.Training;

/// <summary>The retrieval-quality options reach training: logQ correction, accidental hits, mixed negatives, id
/// embeddings with dropout, validation with early stopping.</summary>
[Collection(TorchCollection.Name)]
public class TwoTowerTrainerQualityTests
{
    [Fact]
    public void TrainParameters_EachSamplingBiasCorrection_GivesDifferentWeights()
    {
        // The correction changes every logit of every batch, so each choice must end in different weights; identical
        // weights would mean the option never reached the loss.
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        float[] Train(SamplingBiasCorrection correction)
        {
            var options = TrainerFixture.SmallOptions(epochs: 2);
            options.SamplingBiasCorrection = correction;
            return TrainerFixture.AllWeights(TrainerFixture.Train(ml, data, options));
        }

        var none = Train(SamplingBiasCorrection.None);
        var exact = Train(SamplingBiasCorrection.ExactCounts);
        var streaming = Train(SamplingBiasCorrection.Streaming);

        Assert.NotEqual(none, exact);
        Assert.NotEqual(none, streaming);
        Assert.NotEqual(exact, streaming);
    }

    [Fact]
    public void TrainParameters_AccidentalHitRemoval_ChangesWeights()
    {
        // 18 items in batches of 32 pairs: every batch holds duplicates, so the mask is never empty.
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        var on = TrainerFixture.SmallOptions(epochs: 2);
        var off = TrainerFixture.SmallOptions(epochs: 2);
        off.RemoveAccidentalHits = false;

        Assert.NotEqual(TrainerFixture.AllWeights(TrainerFixture.Train(ml, data, on)),
            TrainerFixture.AllWeights(TrainerFixture.Train(ml, data, off)));
    }

    [Fact]
    public void TrainParameters_UniformNegatives_ChangeWeightsAndAreSeeded()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        TwoTowerTrainer.Options Options(int negatives)
        {
            var options = TrainerFixture.SmallOptions(epochs: 2);
            options.UniformNegativeCount = negatives;
            return options;
        }

        var without = TrainerFixture.AllWeights(TrainerFixture.Train(ml, data, Options(0)));
        var first = TrainerFixture.AllWeights(TrainerFixture.Train(ml, data, Options(8)));
        var second = TrainerFixture.AllWeights(TrainerFixture.Train(ml, data, Options(8)));

        Assert.NotEqual(without, first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void TrainParameters_WeightAveraging_ExportsTheAverageWithoutChangingTraining()
    {
        // The average is read, never trained: the live weights follow the same path (same loss every epoch), the
        // exported ones differ, and the same seed gives the same average.
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        (float[] Weights, List<float> Losses) Train(float epochs)
        {
            var losses = new List<float>();
            var options = TrainerFixture.SmallOptions(epochs: 3);
            options.WeightAveragingEpochs = epochs;
            options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(p => losses.Add(p.Loss));
            return (TrainerFixture.AllWeights(TrainerFixture.Train(ml, data, options)), losses);
        }

        var off = Train(0f);
        var first = Train(1f);
        var second = Train(1f);

        Assert.Equal(off.Losses, first.Losses);
        Assert.NotEqual(off.Weights, first.Weights);
        Assert.Equal(first.Weights, second.Weights);
    }

    [Fact]
    public void TrainParameters_ExplicitNegativesAndPairwiseRanking_ChangeWeightsAndAreSeeded()
    {
        // Clustered data rates out-of-cluster items 1: those rows are explicit negatives. Each use of them must reach
        // the loss (different weights), and the draws are seeded (same weights twice).
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        float[] Train(float softmaxWeight, float pairwiseWeight)
        {
            var options = TrainerFixture.SmallOptions(epochs: 2);
            options.ExplicitNegativeWeight = softmaxWeight;
            options.PairwiseRankingWeight = pairwiseWeight;
            return TrainerFixture.AllWeights(TrainerFixture.Train(ml, data, options));
        }

        var neither = Train(0, 0);
        var softmax = Train(1, 0);
        var pairwise = Train(0, 1);
        var both = Train(1, 1);

        Assert.NotEqual(neither, softmax);
        Assert.NotEqual(neither, pairwise);
        Assert.NotEqual(softmax, both);
        Assert.Equal(both, Train(1, 1));
    }

    [Fact]
    public void TrainParameters_ItemOnlyEverDisliked_KeepsItsTrainedRowOnlyWithExplicitNegatives()
    {
        // One extra item (key Items + 1) is rated 1 by every user and never liked. Without explicit negatives it never
        // trains and exports as the unknown row 0; with them it is pushed away from its raters and keeps its own row.
        var ml = new MLContext(seed: 1);
        var rows = InteractionRows.Clustered(TrainerFixture.Users, TrainerFixture.Items, 3, TrainerFixture.Width, 12, seed: 1);
        var disliked = (uint)TrainerFixture.Items;
        rows.AddRange(Enumerable.Range(0, TrainerFixture.Users).Select(u => new InteractionRow
        {
            UserId = (uint)u, ItemId = disliked, UserFeatures = rows.First(r => r.UserId == u).UserFeatures,
            ItemFeatures = new float[TrainerFixture.Width], Label = 1f,
        }));
        var data = InteractionRows.ToDataView(ml, rows, TrainerFixture.Users, TrainerFixture.Items + 1, TrainerFixture.Width, TrainerFixture.Width);
        float[] ExportedRow(float explicitWeight, int key)
        {
            var options = TrainerFixture.SmallOptions(epochs: 2);
            options.ExplicitNegativeWeight = explicitWeight;
            options.PairwiseRankingWeight = 0;
            options.RatingLossWeight = 0; // the rating head regresses explicit negatives too
            var table = TrainerFixture.Train(ml, data, options).ItemTower.IdEmbedding!;
            return table.Table.Skip(key * table.Dimension).Take(table.Dimension).ToArray();
        }

        int key = (int)disliked + 1;
        Assert.Equal(ExportedRow(0, 0), ExportedRow(0, key));
        Assert.NotEqual(ExportedRow(1, 0), ExportedRow(1, key));
    }

    [Fact]
    public void TrainParameters_IdEmbeddings_ExportedWithUnknownRow()
    {
        var ml = new MLContext(seed: 1);
        var options = TrainerFixture.SmallOptions(epochs: 2);
        options.UserIdEmbeddingSize = 4;
        options.ItemIdEmbeddingSize = 3;

        var parameters = TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), options);

        var users = Assert.IsType<IdEmbeddingWeights>(parameters.UserTower.IdEmbedding);
        var items = Assert.IsType<IdEmbeddingWeights>(parameters.ItemTower.IdEmbedding);
        Assert.Equal((TrainerFixture.Users + 1, 4), (users.Rows, users.Dimension));
        Assert.Equal((TrainerFixture.Items + 1, 3), (items.Rows, items.Dimension));
        Assert.Equal(TrainerFixture.Width + 4, parameters.UserTower.InputSize);
        Assert.Equal(parameters.UserTower.InputSize, parameters.UserTower.Layers[0].InputSize);
    }

    [Fact]
    public void TrainParameters_IdEmbeddingsOff_ExportsNoTable()
    {
        var ml = new MLContext(seed: 1);
        var options = TrainerFixture.SmallOptions(epochs: 1);
        options.UserIdEmbeddingSize = 0;
        options.ItemIdEmbeddingSize = 0;

        var parameters = TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), options);

        Assert.Null(parameters.UserTower.IdEmbedding);
        Assert.Null(parameters.ItemTower.IdEmbedding);
    }

    [Fact]
    public void TrainParameters_KeysWithoutTrainingPairs_ExportTheUnknownRow()
    {
        // The key types hold 3 more users and items than the data uses; those keys never trained, so the exported
        // table gives them row 0, exactly what an unseen key reads.
        var ml = new MLContext(seed: 1);
        var rows = InteractionRows.Clustered(TrainerFixture.Users, TrainerFixture.Items, 3, TrainerFixture.Width, 12, seed: 1);
        var data = InteractionRows.ToDataView(ml, rows, TrainerFixture.Users + 3, TrainerFixture.Items + 3,
            TrainerFixture.Width, TrainerFixture.Width);
        var options = TrainerFixture.SmallOptions(epochs: 2);
        options.ValidationFraction = 0;

        var parameters = TrainerFixture.Train(ml, data, options);

        var table = parameters.UserTower.IdEmbedding!;
        var positives = rows.Where(r => r.Label >= 4).Select(r => (int)r.UserId + 1).ToHashSet();
        float[] Row(int key) => table.Table.Skip(key * table.Dimension).Take(table.Dimension).ToArray();
        for (var key = TrainerFixture.Users + 1; key <= TrainerFixture.Users + 3; key++)
            Assert.Equal(Row(0), Row(key));
        Assert.NotEqual(Row(0), Row(positives.First()));
    }

    [Fact]
    public void TrainParameters_IdOnlyTowers_LossFalls()
    {
        // No feature columns at all: both towers read only the learned id table, as for MovieLens users. The loss of
        // a random model is about ln(32) ≈ 3.47; learning the clusters from ids alone must cut it.
        var ml = new MLContext(seed: 1);
        var losses = new List<float>();
        var options = TrainerFixture.SmallOptions(epochs: 15);
        options.UserFeaturesColumnName = null;
        options.ItemFeaturesColumnName = "";
        options.UserIdEmbeddingSize = 8;
        options.ItemIdEmbeddingSize = 8;
        options.IdDropoutRate = 0.1f;
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(p => losses.Add(p.Loss));

        var parameters = TrainerFixture.Train(ml, IdOnlyRows.ClusteredData(ml), options);

        Assert.True(losses[^1] < losses[0] * 0.8f, $"losses: {string.Join(", ", losses)}");
        Assert.Equal(0, parameters.UserTower.FeatureSize);
        Assert.Null(parameters.UserFeaturesColumnName);
        Assert.Null(parameters.ItemFeaturesColumnName);
    }

    [Fact]
    public void Fit_IdOnlyTowers_TransformerScoresRows()
    {
        var ml = new MLContext(seed: 1);
        var options = TrainerFixture.SmallOptions(epochs: 2);
        options.UserFeaturesColumnName = null;
        options.ItemFeaturesColumnName = null;
        var data = IdOnlyRows.ClusteredData(ml);

        var scored = ml.Ranking.Trainers.TwoTower(options).Fit(data).Transform(data);
        var scores = scored.GetColumn<float>("Score").ToArray();
        var retrieval = scored.GetColumn<float>("RetrievalScore").ToArray();

        Assert.Equal(TrainerFixture.Users * 12, scores.Length);
        Assert.All(scores.Concat(retrieval), s => Assert.True(float.IsFinite(s)));
        // The ranking head predicts ratings (1 and 5 here): its scores live on the rating scale, not a cosine's.
        Assert.InRange(scores.Average(), 1f, 5f);
    }

    [Fact]
    public void TrainParameters_Validation_ReportsRecallAndBestEpoch()
    {
        var ml = new MLContext(seed: 1);
        var reports = new List<TwoTowerEpochProgress>();
        var options = ValidatedOptions(epochs: 4, patience: 4);
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(reports.Add);

        TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), options);

        Assert.Equal(4, reports.Count);
        Assert.All(reports, r => Assert.InRange(r.ValidationRecall!.Value, 0f, 1f));
        var best = reports.MaxBy(r => r.ValidationRecall)!;
        Assert.Equal(reports.First(r => r.ValidationRecall == best.ValidationRecall).Epoch, reports[^1].BestEpoch);
        Assert.Contains("validation recall@3", reports[0].ToString());
    }

    [Fact]
    public void TrainParameters_NoValidation_ReportsNoRecall()
    {
        var ml = new MLContext(seed: 1);
        var reports = new List<TwoTowerEpochProgress>();
        var options = TrainerFixture.SmallOptions(epochs: 2);
        options.ValidationFraction = 0;
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(reports.Add);

        TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), options);

        Assert.All(reports, r => Assert.Null(r.ValidationRecall));
        Assert.DoesNotContain("validation", reports[0].ToString());
    }

    [Fact]
    public void TrainParameters_LaterEpochsWorse_KeepsBestEpochWeights()
    {
        // A large learning rate makes validation recall peak and fall. Training for exactly the best epoch's number of
        // epochs (same seed, same split) reproduces that epoch's weights; the long run must hand back those, not its
        // last epoch's.
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        var reports = new List<TwoTowerEpochProgress>();
        var longRun = ValidatedOptions(epochs: LongRunEpochs, patience: LongRunEpochs);
        longRun.Progress = new SynchronousProgress<TwoTowerEpochProgress>(reports.Add);

        var kept = TrainerFixture.Train(ml, data, longRun);

        var bestEpoch = reports[^1].BestEpoch;
        Assert.Equal(LongRunEpochs, reports.Count);
        Assert.InRange(bestEpoch, 1, LongRunEpochs - 1);
        Assert.Equal(reports.Max(r => r.ValidationRecall), reports[bestEpoch - 1].ValidationRecall);
        var shortRun = TrainerFixture.Train(ml, data, ValidatedOptions(epochs: bestEpoch, patience: LongRunEpochs));
        Assert.Equal(TrainerFixture.AllWeights(shortRun), TrainerFixture.AllWeights(kept));
        Assert.Equal(shortRun.UserTower.IdEmbedding!.Table, kept.UserTower.IdEmbedding!.Table);
    }

    [Fact]
    public void TrainParameters_NoImprovementForPatienceEpochs_StopsEarly()
    {
        var ml = new MLContext(seed: 1);
        var reports = new List<TwoTowerEpochProgress>();
        var options = ValidatedOptions(epochs: LongRunEpochs, patience: 2);
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(reports.Add);

        TrainerFixture.Train(ml, TrainerFixture.ClusteredData(ml), options);

        var best = reports[^1].BestEpoch;
        Assert.True(reports.Count < LongRunEpochs, $"ran all {reports.Count} epochs");
        Assert.Equal(best + 2, reports.Count);
    }

    private const int LongRunEpochs = 12;

    /// <summary>A fifth of the ~96 positives held out, Recall@3 over 18 items, and a learning rate large enough to
    /// overshoot.</summary>
    private static TwoTowerTrainer.Options ValidatedOptions(int epochs, int patience)
    {
        var options = TrainerFixture.SmallOptions(epochs);
        options.ValidationFraction = 0.2f;
        options.ValidationTopK = 3;
        options.EarlyStoppingPatience = patience;
        options.LearningRate = 0.1f;
        return options;
    }
}
