using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Tests.Schema;

/// <summary>
/// One vocabulary: every option class defaults to <see cref="DefaultColumnNames"/>, and prepared data produces those
/// columns, so data prepared by the library needs no column-name settings anywhere.
/// </summary>
public class DefaultColumnNamesTests
{
    [Fact]
    public void EveryOptionClass_DefaultsToTheSameNames()
    {
        var trainer = new TwoTowerTrainer.Options();
        Assert.Equal(
            (DefaultColumnNames.UserId, DefaultColumnNames.ItemId, DefaultColumnNames.Label, DefaultColumnNames.UserFeatures, DefaultColumnNames.ItemFeatures),
            (trainer.UserIdColumnName, trainer.ItemIdColumnName, trainer.LabelColumnName, trainer.UserFeaturesColumnName, trainer.ItemFeaturesColumnName));

        var mf = new MatrixFactorizationTrainer.Options();
        Assert.Equal((DefaultColumnNames.UserId, DefaultColumnNames.ItemId, DefaultColumnNames.Label),
            (mf.MatrixRowIndexColumnName, mf.MatrixColumnIndexColumnName, mf.LabelColumnName));

        var popularity = new PopularityTrainer.Options();
        Assert.Equal((DefaultColumnNames.ItemId, DefaultColumnNames.Label), (popularity.ItemIdColumnName, popularity.LabelColumnName));

        var ndcg = new NdcgEvaluationOptions();
        Assert.Equal((DefaultColumnNames.UserId, DefaultColumnNames.Label, DefaultColumnNames.Score),
            (ndcg.UserIdColumnName, ndcg.LabelColumnName, ndcg.ScoreColumnName));

        var comparison = new ComparisonOptions();
        Assert.Equal((DefaultColumnNames.UserId, DefaultColumnNames.ItemId, DefaultColumnNames.Label),
            (comparison.UserIdColumnName, comparison.ItemIdColumnName, comparison.LabelColumnName));

        var index = new ItemIndexOptions();
        Assert.Equal((DefaultColumnNames.ItemId, DefaultColumnNames.ItemEmbedding), (index.ItemIdColumnName, index.ItemEmbeddingColumnName));

        var recommender = new ItemRecommenderOptions();
        Assert.Equal((DefaultColumnNames.UserId, DefaultColumnNames.ItemId, DefaultColumnNames.UserEmbedding),
            (recommender.UserIdColumnName, recommender.ItemIdColumnName, recommender.UserEmbeddingColumnName));
    }

    [Fact]
    public void PreparedData_ProducesTheDefaultColumns_AsKeysVectorsAndLabel()
    {
        // PreparedData writes the names out (its project does not reference the model library): they must not drift.
        Assert.Equal(
            (DefaultColumnNames.UserId, DefaultColumnNames.ItemId, DefaultColumnNames.Label, DefaultColumnNames.UserFeatures, DefaultColumnNames.ItemFeatures),
            (PreparedData.UserId, PreparedData.ItemId, PreparedData.Label, PreparedData.UserFeatures, PreparedData.ItemFeatures));

        var ml = new MLContext(seed: 1);
        var dataset = PseudoDatasetGenerator.Generate(new PseudoDatasetOptions { Seed = 3, UserCount = 30, ItemCount = 20, RatingCount = 300 });
        var data = PreparedData.Prepare(ml, dataset, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });
        var schema = data.Interactions.Schema;

        Assert.Equal((ulong)data.UserIds.Count, Assert.IsType<KeyDataViewType>(schema[DefaultColumnNames.UserId].Type).Count);
        Assert.Equal((ulong)data.ItemIds.Count, Assert.IsType<KeyDataViewType>(schema[DefaultColumnNames.ItemId].Type).Count);
        Assert.Equal(NumberDataViewType.Single, schema[DefaultColumnNames.Label].Type);
        Assert.IsType<VectorDataViewType>(schema[DefaultColumnNames.UserFeatures].Type);
        Assert.IsType<VectorDataViewType>(schema[DefaultColumnNames.ItemFeatures].Type);
    }

    [Fact]
    public void DatasetTextIdColumns_AreNotTheKeyColumnNames()
    {
        Assert.NotEqual(DefaultColumnNames.UserId, DatasetColumns.UserIdText);
        Assert.NotEqual(DefaultColumnNames.ItemId, DatasetColumns.ItemIdText);
    }
}
