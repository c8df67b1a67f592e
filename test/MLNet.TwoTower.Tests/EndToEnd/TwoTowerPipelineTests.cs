using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Tests.Training;

namespace MLNet.TwoTower.Tests.EndToEnd;

/// <summary>
/// The trainer and the transformer together, the way a user chains them: an ML.NET pipeline with built-in transforms
/// before the trainer, fitted, scored, saved and loaded again.
/// </summary>
public class TwoTowerPipelineTests
{
    /// <summary>Raw rows as a user has them: string ids, unnormalised features, a rating.</summary>
    private sealed class RawRow
    {
        public string UserName { get; set; } = "";
        public string ItemName { get; set; } = "";
        [VectorType(TrainerFixture.Width)] public float[] UserFeatures { get; set; } = [];
        [VectorType(TrainerFixture.Width)] public float[] ItemFeatures { get; set; } = [];
        public float Label { get; set; }
    }

    private static IDataView RawData(MLContext ml)
    {
        var rows = InteractionRows.Clustered(TrainerFixture.Users, TrainerFixture.Items, clusters: 3, TrainerFixture.Width, rowsPerUser: 12, seed: 1)
            .Select(r => new RawRow
            {
                UserName = $"u{r.UserId}",
                ItemName = $"i{r.ItemId}",
                UserFeatures = r.UserFeatures,
                ItemFeatures = r.ItemFeatures,
                Label = r.Label,
            });
        return ml.Data.LoadFromEnumerable(rows.ToList());
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml, int epochs = 15)
    {
        var options = TrainerFixture.SmallOptions(epochs);
        options.UserIdColumnName = "UserId";
        options.ItemIdColumnName = "ItemId";
        return ml.Transforms.Conversion.MapValueToKey("UserId", "UserName")
            .Append(ml.Transforms.Conversion.MapValueToKey("ItemId", "ItemName"))
            .Append(ml.Transforms.NormalizeMinMax("UserFeatures"))
            .Append(ml.Ranking.Trainers.TwoTower(options));
    }

    [Fact]
    public void Fit_InAPipeline_RetrievalScoreIsTheDotProductOfTheEmbeddings()
    {
        var ml = new MLContext(seed: 1);
        var data = RawData(ml);
        var scored = Pipeline(ml, epochs: 2).Fit(data).Transform(data);

        var scores = scored.GetColumn<float>("RetrievalScore").ToArray();
        var users = scored.GetColumn<float[]>("UserEmbedding").ToArray();
        var items = scored.GetColumn<float[]>("ItemEmbedding").ToArray();
        Assert.Equal(data.GetRowCount() ?? data.GetColumn<float>("Label").Count(), scores.Length);
        for (int row = 0; row < scores.Length; row++)
        {
            float dot = 0;
            for (int d = 0; d < users[row].Length; d++)
                dot += users[row][d] * items[row][d];
            Assert.Equal(dot, scores[row], 4);
            // The embedding is the unit tower output followed by 3 coordinates: β, then 0, 0 (the item's rating bias
            // and constant 1 only meet the user's ranking vector).
            Assert.Equal(1f, MathF.Sqrt(users[row].SkipLast(3).Sum(v => v * v)), 4);
            Assert.Equal([0f, 0f], users[row].TakeLast(2));
        }
    }

    [Fact]
    public void Fit_ClusteredData_ScoresLikedItemsAboveDislikedOnes()
    {
        // Users rate items of their own cluster 5 and the rest 1 (see InteractionRows.Clustered); after training,
        // the mean score of the 5-star pairs must clearly exceed that of the 1-star pairs.
        var ml = new MLContext(seed: 1);
        var data = RawData(ml);
        var scored = Pipeline(ml).Fit(data).Transform(data);
        var labels = scored.GetColumn<float>("Label").ToArray();
        var scores = scored.GetColumn<float>("Score").ToArray();
        double liked = scores.Where((_, i) => labels[i] >= 4).Average();
        double disliked = scores.Where((_, i) => labels[i] < 4).Average();
        Assert.True(liked > disliked + 0.2, $"liked {liked:F3} vs disliked {disliked:F3}");
    }

    [Fact]
    public void SaveAndLoad_WholePipeline_GivesBitIdenticalScores()
    {
        var ml = new MLContext(seed: 1);
        var data = RawData(ml);
        var model = Pipeline(ml, epochs: 2).Fit(data);
        using var temp = new TempFolder("tt-e2e");
        var path = temp.File("model.zip");
        ml.Model.Save(model, data.Schema, path);

        var other = new MLContext(seed: 7);
        var loaded = other.Model.Load(path, out var schema);
        var before = model.Transform(data).GetColumn<float>("Score").ToArray();
        var after = loaded.Transform(RawData(other)).GetColumn<float>("Score").ToArray();
        Assert.Equal(before, after);
        Assert.Equal(data.Schema.Count, schema.Count);
    }

    [Fact]
    public void PredictionEngine_MatchesTransform()
    {
        var ml = new MLContext(seed: 1);
        var data = RawData(ml);
        var model = Pipeline(ml, epochs: 2).Fit(data);
        var engine = ml.Model.CreatePredictionEngine<RawRow, ScoredRow>(model);
        var first = ml.Data.CreateEnumerable<RawRow>(data, reuseRowObject: false).First();
        var expected = model.Transform(data).GetColumn<float>("Score").First();
        Assert.Equal(expected, engine.Predict(first).Score);
    }

    private sealed class ScoredRow
    {
        public float Score { get; set; }
    }
}
