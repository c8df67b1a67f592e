using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Tests.Training;

namespace MLNet.TwoTower.Tests.Schema;

public class TwoTowerTrainerSchemaTests
{
    private static SchemaDefinition GoodDefinition(bool variableItemFeatures = false)
    {
        var definition = SchemaDefinition.Create(typeof(InteractionRow));
        definition[nameof(InteractionRow.UserId)].ColumnType = new KeyDataViewType(typeof(uint), 10);
        definition[nameof(InteractionRow.ItemId)].ColumnType = new KeyDataViewType(typeof(uint), 20);
        definition[nameof(InteractionRow.UserFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 3);
        if (!variableItemFeatures)
            definition[nameof(InteractionRow.ItemFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 4);
        return definition;
    }

    private static TwoTowerTrainer Trainer(TwoTowerTrainer.Options? options = null) =>
        new MLContext(seed: 1).Ranking.Trainers.TwoTower(options ?? new TwoTowerTrainer.Options { TowerLayerSizes = [32, 16] });

    [Fact]
    public void GetOutputSchema_ValidInput_KeepsInputsAndAddsBothScoresAndEmbeddings()
    {
        var input = SchemaShapes.Of<InteractionRow>(GoodDefinition());

        var output = Trainer().GetOutputSchema(input);

        var columns = output.ToDictionary(c => c.Name);
        foreach (var name in new[] { "UserId", "ItemId", "UserFeatures", "ItemFeatures", "Label" })
            Assert.True(columns.ContainsKey(name), name);
        foreach (var name in new[] { DefaultColumnNames.Score, DefaultColumnNames.RetrievalScore })
        {
            var score = columns[name];
            Assert.Equal((SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false), (score.Kind, score.ItemType, score.IsKey));
        }
        foreach (var name in new[] { DefaultColumnNames.UserEmbedding, DefaultColumnNames.ItemEmbedding })
        {
            var embedding = columns[name];
            Assert.Equal((SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single), (embedding.Kind, embedding.ItemType));
        }
    }

    [Fact]
    public void GetOutputSchema_UserIdIsString_ThrowsAskingForMapValueToKey()
    {
        var input = SchemaShapes.Of<TwoTowerTrainerInputTests.StringIdRow>(TwoTowerTrainerInputTests.StringIdRow.Definition());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Trainer().GetOutputSchema(input));

        Assert.Contains("Column 'UserId' must be a key type; got String. Add MapValueToKey first.", error.Message);
    }

    [Fact]
    public void GetOutputSchema_VariableSizeItemFeatures_ThrowsNamingColumn()
    {
        var input = SchemaShapes.Of<InteractionRow>(GoodDefinition(variableItemFeatures: true));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Trainer().GetOutputSchema(input));

        Assert.Contains("Column 'ItemFeatures' must be a known-size vector of Single; got Vector<Single> of variable size", error.Message);
    }

    [Fact]
    public void GetOutputSchema_SeveralProblems_ReportsAllInOneMessage()
    {
        var options = new TwoTowerTrainer.Options { UserFeaturesColumnName = "Missing", LabelColumnName = "ItemFeatures" };
        var input = SchemaShapes.Of<InteractionRow>(GoodDefinition());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Trainer(options).GetOutputSchema(input));

        Assert.Contains("Column 'Missing' (UserFeaturesColumnName) was not found in the input", error.Message);
        Assert.Contains("Column 'ItemFeatures' must be Single (a rating compared with PositiveThreshold) or Boolean", error.Message);
        Assert.Contains("got Vector<Single>", error.Message);
    }

    [Fact]
    public void GetOutputSchema_FeaturesAreKeys_ThrowsNamingColumn()
    {
        var definition = GoodDefinition();
        var options = new TwoTowerTrainer.Options { UserFeaturesColumnName = "UserId" };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Trainer(options).GetOutputSchema(SchemaShapes.Of<InteractionRow>(definition)));

        Assert.Contains("Column 'UserId' must be a known-size vector of Single; got Key<UInt32>", error.Message);
    }

    [Fact]
    public void GetOutputSchema_NoFeatureColumnsWithIdEmbeddings_AddsScoreAndEmbeddings()
    {
        // Ids and a label only, as MovieLens users come: null feature names make both towers read only the id.
        var definition = SchemaDefinition.Create(typeof(IdOnlyRow));
        definition[nameof(IdOnlyRow.UserId)].ColumnType = new KeyDataViewType(typeof(uint), 10);
        definition[nameof(IdOnlyRow.ItemId)].ColumnType = new KeyDataViewType(typeof(uint), 20);
        var options = new TwoTowerTrainer.Options { UserFeaturesColumnName = null, ItemFeaturesColumnName = "" };

        var output = Trainer(options).GetOutputSchema(SchemaShapes.Of<IdOnlyRow>(definition));

        Assert.Contains(output, c => c.Name == DefaultColumnNames.Score);
    }
}
