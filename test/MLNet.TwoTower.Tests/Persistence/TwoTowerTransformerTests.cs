using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower.Tests.Persistence;

public class TwoTowerTransformerTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void Transform_AddsScalarScoreAndBothEmbeddings()
    {
        var output = TestModels.Transformer(_ml).Transform(TestModels.Load(_ml, TestModels.Rows())).Schema;

        Assert.Equal(NumberDataViewType.Single, output["Score"].Type);
        // ONNX output [batch, 3] becomes Vector<Single, 1, 3> in ML.NET: 3 values.
        Assert.Equal(TestModels.EmbeddingSize, Assert.IsType<VectorDataViewType>(output["UserEmbedding"].Type).Size);
        Assert.Equal(TestModels.EmbeddingSize, Assert.IsType<VectorDataViewType>(output["ItemEmbedding"].Type).Size);
        Assert.DoesNotContain(output, c => c.Name.StartsWith("__TwoTower", StringComparison.Ordinal) && !c.IsHidden);
    }

    [Fact]
    public void Transform_MatchesManagedReferenceForwardPass()
    {
        var parameters = TestModels.Parameters();
        var rows = TestModels.Rows();
        var scored = TestModels.Transformer(_ml, parameters).Transform(TestModels.Load(_ml, rows));
        var users = scored.GetColumn<float[]>("UserEmbedding").ToArray();
        var items = scored.GetColumn<float[]>("ItemEmbedding").ToArray();
        var scores = scored.GetColumn<float>("Score").ToArray();
        var userKeys = TestModels.RawKeys(scored, "UserKey");
        Assert.Equal(1u, userKeys[0]);
        Assert.Equal(0u, userKeys[^1]);

        for (var r = 0; r < rows.Length; r++)
        {
            var user = ReferenceTower.Forward(parameters.UserTower, rows[r].UserFeatures, userKeys[r]);
            var item = ReferenceTower.Forward(parameters.ItemTower, rows[r].ItemFeatures, key: 0); // no item ids
            for (var d = 0; d < user.Length; d++)
            {
                Assert.Equal(user[d], users[r][d], 1e-5f);
                Assert.Equal(item[d], items[r][d], 1e-5f);
            }
            Assert.Equal(user.Zip(item, (a, b) => a * b).Sum(), scores[r], 1e-5f);
        }
    }

    [Fact]
    public void Transform_MissingUserKey_UsesNeutralRowZero()
    {
        // The last fixture row has the missing user key and the features of user 1: only the id row differs.
        var parameters = TestModels.Parameters();
        var rows = TestModels.Rows();
        var users = TestModels.Transformer(_ml, parameters).Transform(TestModels.Load(_ml, rows))
            .GetColumn<float[]>("UserEmbedding").ToArray();

        var expected = ReferenceTower.Forward(parameters.UserTower, rows[^1].UserFeatures, key: 0);
        for (var d = 0; d < expected.Length; d++)
            Assert.Equal(expected[d], users[^1][d], 1e-5f);
        Assert.NotEqual(users[0], users[^1]);
    }

    [Fact]
    public void PredictionEngine_GivesTheSameScoresAsTransform()
    {
        var model = TestModels.Transformer(_ml);
        var rows = TestModels.Rows();
        var batch = model.Transform(TestModels.Load(_ml, rows)).GetColumn<float>("Score").ToArray();

        var engine = _ml.Model.CreatePredictionEngine<TestModels.Row, ScorePrediction>(model);
        var single = rows.Select(row => engine.Predict(row).Score).ToArray();

        Assert.Equal(batch.Select(BitConverter.SingleToInt32Bits), single.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Transform_AfterBuiltInFeaturisation_ScoresTheFeaturisedRows()
    {
        var (featurizer, raw) = RawPipeline.Fit(_ml);
        var model = TestModels.Transformer(_ml);
        var chain = featurizer.Append(model);

        var scores = chain.Transform(raw).GetColumn<float>("Score").ToArray();
        var expected = model.Transform(featurizer.Transform(raw)).GetColumn<float>("Score").ToArray();

        Assert.Equal(RawPipeline.Rows().Length, scores.Length);
        Assert.All(scores, s => Assert.InRange(s, -1f, 1f)); // cosines of L2-normalised embeddings
        Assert.Equal(expected, scores);
        var engine = _ml.Model.CreatePredictionEngine<RawPipeline.RawRow, ScorePrediction>(chain);
        Assert.Equal(scores, RawPipeline.Rows().Select(r => engine.Predict(r).Score));
    }

    [Fact]
    public void RankingEvaluate_AcceptsTheScoreColumn()
    {
        var scored = TestModels.Transformer(_ml).Transform(TestModels.Load(_ml, TestModels.Rows()));
        // Group key built on the evaluated data itself (a training-time key would map unseen users to missing).
        var grouped = _ml.Transforms.Conversion.MapValueToKey("GroupId", "UserKey", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(scored).Transform(scored);

        var metrics = _ml.Ranking.Evaluate(grouped, labelColumnName: "Rating", rowGroupColumnName: "GroupId", scoreColumnName: "Score");

        Assert.Equal(10, metrics.NormalizedDiscountedCumulativeGains.Count);
        Assert.InRange(metrics.NormalizedDiscountedCumulativeGains[^1], 0.0, 1.0);
    }

    [Fact]
    public void GetOutputSchema_FeatureColumnMissing_ThrowsNamingColumn()
    {
        var model = TestModels.Transformer(_ml);
        var input = _ml.Transforms.DropColumns("ItemFeatures").Fit(TestModels.Load(_ml, TestModels.Rows()))
            .Transform(TestModels.Load(_ml, TestModels.Rows()));

        var error = Assert.ThrowsAny<ArgumentException>(() => model.GetOutputSchema(input.Schema));

        Assert.Contains("'ItemFeatures' is missing", error.Message);
        Assert.Contains("Vector<Single, 4>", error.Message);
        Assert.Contains("'UserFeatures'", error.Message); // lists what was found
    }

    [Fact]
    public void GetOutputSchema_FeatureVectorWrongSize_ThrowsWithExpectedAndFound()
    {
        var model = TestModels.Transformer(_ml);
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("UserKey", new KeyDataViewType(typeof(uint), TestModels.UserCount));
        builder.AddColumn("ItemKey", new KeyDataViewType(typeof(uint), TestModels.ItemCount));
        builder.AddColumn("UserFeatures", new VectorDataViewType(NumberDataViewType.Single, 9));
        builder.AddColumn("ItemFeatures", new VectorDataViewType(NumberDataViewType.Single, TestModels.ItemFeatureSize));

        var error = Assert.ThrowsAny<ArgumentException>(() => model.GetOutputSchema(builder.ToSchema()));

        Assert.Contains("'UserFeatures' must be a Vector<Single, 5>", error.Message);
        Assert.Contains("found Vector<Single, 9>", error.Message);
    }

    [Fact]
    public void GetOutputSchema_KeyCountMismatch_ThrowsWithExpectedAndFound()
    {
        var model = TestModels.Transformer(_ml);
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("UserKey", new KeyDataViewType(typeof(uint), 4));
        builder.AddColumn("ItemKey", new KeyDataViewType(typeof(uint), TestModels.ItemCount));
        builder.AddColumn("UserFeatures", new VectorDataViewType(NumberDataViewType.Single, TestModels.UserFeatureSize));
        builder.AddColumn("ItemFeatures", new VectorDataViewType(NumberDataViewType.Single, TestModels.ItemFeatureSize));

        var error = Assert.ThrowsAny<ArgumentException>(() => model.GetOutputSchema(builder.ToSchema()));

        Assert.Contains("'UserKey' must be a key of 6 user ids", error.Message);
        Assert.Contains("with 4 ids", error.Message);
    }

    [Fact]
    public void UserTower_OnItemColumnsOnly_ThrowsNamingTheUserColumn()
    {
        var model = TestModels.Transformer(_ml);
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("ItemFeatures", new VectorDataViewType(NumberDataViewType.Single, TestModels.ItemFeatureSize));

        var error = Assert.ThrowsAny<ArgumentException>(() => model.UserTower.GetOutputSchema(builder.ToSchema()));

        Assert.Contains("'UserFeatures' is missing", error.Message);
        Assert.Contains("user tower", error.Message);
    }

    [Fact]
    public void Constructor_TowerWidthsDiffer_Throws()
    {
        var parameters = TestModels.Parameters();
        var wider = new TwoTowerModelParameters
        {
            UserTower = parameters.UserTower,
            ItemTower = TestModels.Tower(new Random(3), TestModels.ItemFeatureSize, null, [6, 4], true),
            Temperature = 0.1f, UserIdColumnName = "UserKey", ItemIdColumnName = "ItemKey",
            UserFeaturesColumnName = "UserFeatures", ItemFeaturesColumnName = "ItemFeatures",
            UserKeyCount = TestModels.UserCount, ItemKeyCount = TestModels.ItemCount,
        };

        var error = Assert.Throws<ArgumentException>(() => TestModels.Transformer(_ml, wider));

        Assert.Contains("user tower produces 3 and the item tower 4", error.Message);
    }

    [Fact]
    public void Constructor_IdTableRowsDisagreeWithKeyCount_ThrowsNamingBoth()
    {
        // The fixture's user table has 7 rows (6 keys + the missing row); claiming 9 user keys must be refused.
        var parameters = TestModels.Parameters();
        var mismatched = new TwoTowerModelParameters
        {
            UserTower = parameters.UserTower, ItemTower = parameters.ItemTower,
            Temperature = 0.1f, UserIdColumnName = "UserKey", ItemIdColumnName = "ItemKey",
            UserFeaturesColumnName = "UserFeatures", ItemFeaturesColumnName = "ItemFeatures",
            UserKeyCount = 9, ItemKeyCount = TestModels.ItemCount,
        };

        var error = Assert.Throws<ArgumentException>(() => TestModels.Transformer(_ml, mismatched));

        Assert.Contains("(10) rows", error.Message);
        Assert.Contains("it has 7 rows", error.Message);
    }

    public sealed class ScorePrediction
    {
        public float Score { get; set; }
    }
}
