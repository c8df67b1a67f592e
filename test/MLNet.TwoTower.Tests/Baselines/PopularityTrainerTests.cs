using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Tests.Baselines;

public class PopularityTrainerTests
{
    // Items 10, 20, 30 get keys 1, 2, 3 (first appearance). Ratings:
    //   item 10: 5, 4, 2 → positives (≥ 4): 2, mean 11/3
    //   item 20: 4       → positives 1,       mean 4
    //   item 30: 1, 3    → positives 0,       mean 2
    private static readonly RatingData.Row[] Rows =
    [
        new() { UserId = 1, ItemId = 10, Label = 5 }, new() { UserId = 2, ItemId = 20, Label = 4 },
        new() { UserId = 3, ItemId = 10, Label = 4 }, new() { UserId = 1, ItemId = 30, Label = 1 },
        new() { UserId = 2, ItemId = 10, Label = 2 }, new() { UserId = 3, ItemId = 30, Label = 3 },
    ];

    [Fact]
    public void Fit_PositiveCount_CountsRowsAtOrAboveThreshold()
    {
        var ml = new MLContext(1);
        var data = RatingData.Keyed(ml, Rows);
        var model = ml.Ranking.Trainers.Popularity("ItemKey", "Label", positiveThreshold: 4).Fit(data);
        Assert.Equal([2f, 1f, 2f, 0f, 2f, 0f], model.Transform(data).GetColumn<float>("Score").ToArray());
        Assert.Equal(0f, model.GetScore(0)); // missing key: an unseen item's count
    }

    [Fact]
    public void Fit_MeanRating_AveragesLabels()
    {
        var ml = new MLContext(1);
        var data = RatingData.Keyed(ml, Rows);
        var model = ml.Ranking.Trainers.Popularity(new PopularityTrainer.Options
        {
            ItemIdColumnName = "ItemKey", LabelColumnName = "Label", Scoring = PopularityScoring.MeanRating,
        }).Fit(data);
        var scores = model.Transform(data).GetColumn<float>("Score").ToArray();
        Assert.Equal(11f / 3, scores[0], 5);
        Assert.Equal(4f, scores[1], 5);
        Assert.Equal(2f, scores[3], 5);
        Assert.Equal(19f / 6, model.GetScore(0), 5); // global mean for missing keys
    }

    [Fact]
    public void SaveLoad_NewContext_IdenticalScores()
    {
        var ml = new MLContext(1);
        var data = RatingData.Keyed(ml, Rows);
        var model = ml.Ranking.Trainers.Popularity("ItemKey", labelColumnName: null).Fit(data);
        using var temp = new TempFolder("pop-");
        var path = temp.File("model.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var other = new MLContext(5);
            other.ComponentCatalog.RegisterAssembly(typeof(ScoreFromVectorMapping).Assembly);
            var loaded = other.Model.Load(path, out _);
            // Without a label every row counts: item 10 → 3, item 20 → 1, item 30 → 2.
            Assert.Equal([3f, 1f, 3f, 2f, 3f, 2f], loaded.Transform(data).GetColumn<float>("Score").ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Create_MeanRatingWithoutLabel_Throws()
    {
        var ml = new MLContext(1);
        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.Trainers.Popularity(new PopularityTrainer.Options
        {
            ItemIdColumnName = "ItemKey", LabelColumnName = null, Scoring = PopularityScoring.MeanRating,
        }));
        Assert.Contains("LabelColumnName", error.Message);
    }
}
