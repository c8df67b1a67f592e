using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Tests.Training;

[Collection(TorchCollection.Name)]
public class TwoTowerTrainerInputTests
{
    private const int Users = 4;
    private const int Items = 3;
    private const int Width = 2;

    /// <summary>Four consistent rows: user u and item i carry features derived from their ids.</summary>
    private static List<InteractionRow> Rows() =>
    [
        Row(0, 0, 5), Row(1, 1, 4), Row(2, 2, 5), Row(3, 0, 1),
    ];

    private static InteractionRow Row(uint user, uint item, float label) => new()
    {
        UserId = user,
        ItemId = item,
        UserFeatures = [user, 1],
        ItemFeatures = [item, 2],
        Label = label,
    };

    private static TwoTowerModelParametersRun Train(IReadOnlyList<InteractionRow> rows, TwoTowerTrainer.Options? options = null)
    {
        var ml = new MLContext(seed: 1);
        var data = InteractionRows.ToDataView(ml, rows, Users, Items, Width, Width);
        return new TwoTowerModelParametersRun(ml, data, options ?? TrainerFixture.SmallOptions(epochs: 1));
    }

    private sealed record TwoTowerModelParametersRun(MLContext Ml, IDataView Data, TwoTowerTrainer.Options Options)
    {
        public void Run() => TrainerFixture.Train(Ml, Data, Options);
    }

    [Fact]
    public void Fit_ConsistentRows_Trains()
    {
        // Guards the fixture (the failures below come from the one thing each test breaks) and checks what it trained:
        // every epoch reported a finite loss, the learned temperature moved (so optimiser steps ran), and the towers
        // have the configured shapes, the data's key counts and finite weights.
        var ml = new MLContext(seed: 1);
        var data = InteractionRows.ToDataView(ml, Rows(), Users, Items, Width, Width);
        var epochs = new List<TwoTowerEpochProgress>();
        var options = TrainerFixture.SmallOptions(epochs: 2);
        options.Progress = new SynchronousProgress<TwoTowerEpochProgress>(epochs.Add);

        var parameters = TrainerFixture.Train(ml, data, options);

        Assert.Equal([1, 2], epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.True(float.IsFinite(e.Loss) && e.Loss > 0, $"epoch {e.Epoch} loss {e.Loss}"));
        Assert.NotEqual(options.InitialTemperature, parameters.Temperature);
        Assert.InRange(parameters.Temperature, TwoTowerTrainerDefaults.MinTemperature, TwoTowerTrainerDefaults.MaxTemperature);
        Assert.Equal((Users, Items), (parameters.UserKeyCount, parameters.ItemKeyCount));
        Assert.Equal((Width, Width), (parameters.UserTower.FeatureSize, parameters.ItemTower.FeatureSize));
        Assert.Equal(options.TowerLayerSizes, parameters.UserTower.Layers.Select(l => l.OutputSize));
        Assert.Equal(options.TowerLayerSizes, parameters.ItemTower.Layers.Select(l => l.OutputSize));
        Assert.All(TrainerFixture.AllWeights(parameters), w => Assert.True(float.IsFinite(w)));
    }

    [Fact]
    public void Fit_LabelColumnMissing_ThrowsNamingColumn()
    {
        var options = TrainerFixture.SmallOptions();
        options.LabelColumnName = "Rating";

        var error = Assert.Throws<ArgumentOutOfRangeException>(Train(Rows(), options).Run);

        Assert.Contains("Column 'Rating' (LabelColumnName) was not found", error.Message);
        Assert.Contains("'Label'", error.Message);
    }

    [Fact]
    public void Fit_UserIdIsString_ThrowsAskingForMapValueToKey()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new StringIdRow { UserId = "u1", ItemId = 0, UserFeatures = [1, 2], ItemFeatures = [3, 4], Label = 5 },
        }, StringIdRow.Definition());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions()));

        Assert.Contains("Column 'UserId' must be a key type; got String. Add MapValueToKey first.", error.Message);
    }

    [Fact]
    public void Fit_VariableSizeFeatures_ThrowsNamingColumn()
    {
        var ml = new MLContext(seed: 1);
        var definition = SchemaDefinition.Create(typeof(InteractionRow));
        definition[nameof(InteractionRow.UserId)].ColumnType = new KeyDataViewType(typeof(uint), Users);
        definition[nameof(InteractionRow.ItemId)].ColumnType = new KeyDataViewType(typeof(uint), Items);
        definition[nameof(InteractionRow.UserFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Width);
        // ItemFeatures keeps the default: a vector of variable size.
        var data = ml.Data.LoadFromEnumerable(Rows(), definition);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions()));

        Assert.Contains("Column 'ItemFeatures' must be a known-size vector of Single; got Vector<Single> of variable size", error.Message);
    }

    [Fact]
    public void Fit_LabelIsString_ThrowsNamingColumnAndType()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new StringIdRow { UserId = "u1", ItemId = 0, UserFeatures = [1, 2], ItemFeatures = [3, 4], Label = 5 },
        }, StringIdRow.Definition());
        var options = TrainerFixture.SmallOptions();
        options.UserIdColumnName = "ItemId";
        options.LabelColumnName = "UserId";

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => TrainerFixture.Train(ml, data, options));

        Assert.Contains("Column 'UserId' must be Single (a rating compared with PositiveThreshold) or Boolean", error.Message);
        Assert.Contains("got String", error.Message);
    }

    [Fact]
    public void Fit_NaNFeature_ThrowsNamingColumnAndRow()
    {
        var rows = Rows();
        rows[2].ItemFeatures = [float.NaN, 2];

        var error = Assert.Throws<ArgumentException>(Train(rows).Run);

        Assert.Contains("Column 'ItemFeatures' holds NaN at index 0 of row 2", error.Message);
    }

    [Fact]
    public void Fit_InfiniteFeatureOnLaterRowOfKnownId_ThrowsNamingColumnAndRow()
    {
        // User 0 was first seen at row 0 with finite features; a later row with ∞ is reported as non-finite, not as a
        // mere mismatch.
        var rows = Rows();
        rows.Add(new InteractionRow { UserId = 0, ItemId = 1, UserFeatures = [float.PositiveInfinity, 1], ItemFeatures = [1, 2], Label = 5 });

        var error = Assert.Throws<ArgumentException>(Train(rows).Run);

        Assert.Contains("Column 'UserFeatures' holds Infinity at index 0 of row 4", error.Message);
    }

    [Fact]
    public void Fit_SameIdWithDifferentFeatures_ThrowsNamingColumnIdAndRows()
    {
        var rows = Rows();
        rows.Add(new InteractionRow { UserId = 1, ItemId = 2, UserFeatures = [1, 7], ItemFeatures = [2, 2], Label = 5 });

        var error = Assert.Throws<ArgumentException>(Train(rows).Run);

        // UserId member value 1 is key 2 (LoadFromEnumerable keys are 0-based in .NET, 1-based in ML.NET).
        Assert.Contains("Column 'UserFeatures' has different values for UserId key 2 at row 4 than at row 1", error.Message);
    }

    [Fact]
    public void Fit_SameIdWithDifferentFeaturesAfterMapValueToKey_NamesOriginalId()
    {
        var ml = new MLContext(seed: 1);
        var raw = ml.Data.LoadFromEnumerable(new[]
        {
            new RawIdRow { User = "ann", Item = "x", UserFeatures = [1, 1], ItemFeatures = [2, 2], Label = 5 },
            new RawIdRow { User = "bob", Item = "y", UserFeatures = [3, 3], ItemFeatures = [4, 4], Label = 5 },
            new RawIdRow { User = "bob", Item = "x", UserFeatures = [3, 9], ItemFeatures = [2, 2], Label = 5 },
        }, RawIdRow.Definition());
        var data = ml.Transforms.Conversion.MapValueToKey("UserId", "User")
            .Append(ml.Transforms.Conversion.MapValueToKey("ItemId", "Item"))
            .Fit(raw).Transform(raw);

        var error = Assert.Throws<ArgumentException>(() => TrainerFixture.Train(ml, data, TrainerFixture.SmallOptions()));

        Assert.Contains("Column 'UserFeatures' has different values for UserId key 2 (id 'bob') at row 2 than at row 1", error.Message);
    }

    [Fact]
    public void Fit_EmptyDataView_ThrowsNoRows()
    {
        var error = Assert.Throws<ArgumentException>(Train([]).Run);

        Assert.Contains("contains no rows", error.Message);
    }

    [Fact]
    public void Fit_NoPositiveLabel_ThrowsNamingLabelAndThreshold()
    {
        var rows = Rows();
        rows.ForEach(r => r.Label = 2);

        var error = Assert.Throws<ArgumentException>(Train(rows).Run);

        Assert.Contains("None of the 4 rows is a positive", error.Message);
        Assert.Contains("'Label' is at least PositiveThreshold = 4", error.Message);
    }

    [Fact]
    public void Fit_OnePositive_ThrowsNeedsTwoPairs()
    {
        var rows = Rows();
        rows.ForEach(r => r.Label = 2);
        rows[0].Label = 5;

        var error = Assert.Throws<ArgumentException>(Train(rows).Run);

        Assert.Contains("at least 2 positive pairs", error.Message);
    }

    [Fact]
    public void Fit_NaNLabel_ThrowsNamingColumnAndRow()
    {
        var rows = Rows();
        rows[3].Label = float.NaN;

        var error = Assert.Throws<ArgumentException>(Train(rows).Run);

        Assert.Contains("Column 'Label' is NaN at row 3", error.Message);
    }

    [Fact]
    public void Fit_MissingKey_ThrowsNamingColumnAndRow()
    {
        var rows = Rows();
        rows[1].ItemId = Items; // at the key count: LoadFromEnumerable maps it to the missing key 0

        var error = Assert.Throws<ArgumentException>(Train(rows).Run);

        Assert.Contains("Column 'ItemId' has a missing key at row 1", error.Message);
    }

    public sealed class RawIdRow
    {
        public string User { get; set; } = "";
        public string Item { get; set; } = "";
        public float[] UserFeatures { get; set; } = [];
        public float[] ItemFeatures { get; set; } = [];
        public float Label { get; set; }

        public static SchemaDefinition Definition()
        {
            var definition = SchemaDefinition.Create(typeof(RawIdRow));
            definition[nameof(UserFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Width);
            definition[nameof(ItemFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Width);
            return definition;
        }
    }

    public sealed class StringIdRow
    {
        public string UserId { get; set; } = "";
        public uint ItemId { get; set; }
        public float[] UserFeatures { get; set; } = [];
        public float[] ItemFeatures { get; set; } = [];
        public float Label { get; set; }

        public static SchemaDefinition Definition()
        {
            var definition = SchemaDefinition.Create(typeof(StringIdRow));
            definition[nameof(ItemId)].ColumnType = new KeyDataViewType(typeof(uint), Items);
            definition[nameof(UserFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Width);
            definition[nameof(ItemFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Width);
            return definition;
        }
    }
}
