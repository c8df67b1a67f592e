using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.TwoStage.Features;

namespace MLNet.TwoTower.Tests.TwoStage;

/// <summary>
/// The two-stage recommender reads labels as the towers do: a Boolean label (true for a positive) is read as 1 and 0,
/// while the rating regressors (matrix factorization) still refuse it.
/// </summary>
public sealed class InteractionTableTests
{
    private sealed class Row
    {
        public uint UserId { get; set; }

        public uint ItemId { get; set; }

        public bool Label { get; set; }
    }

    private static IDataView BooleanLabels(MLContext ml)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.UserId)].ColumnType = new KeyDataViewType(typeof(uint), 3);
        schema[nameof(Row.ItemId)].ColumnType = new KeyDataViewType(typeof(uint), 4);
        // A POCO key value v is ML.NET key v + 1.
        return ml.Data.LoadFromEnumerable(
            [new Row { UserId = 0, ItemId = 1, Label = true }, new Row { UserId = 2, ItemId = 3, Label = false }], schema);
    }

    [Fact]
    public void Read_BooleanLabel_ReadsOneAndZero()
    {
        var table = InteractionTable.Read(BooleanLabels(new MLContext(seed: 1)), "UserId", "ItemId", "Label");

        Assert.Equal([1u, 3u], table.Users);
        Assert.Equal([2u, 4u], table.Items);
        Assert.Equal([1f, 0f], table.Labels);
        Assert.Equal((3, 4), (table.UserKeyCount, table.ItemKeyCount));
    }

    [Fact]
    public void CheckLabel_BooleanWhereARatingIsRegressed_IsRefusedWithTheConversionToUse()
    {
        var data = BooleanLabels(new MLContext(seed: 1));

        var error = Assert.Throws<ArgumentException>(() => ColumnReader.CheckLabel(data.Schema, "Label", "LabelColumnName"));

        Assert.Contains("must be Single or Double; got Boolean", error.Message);
        Assert.Contains("ConvertType", error.Message);
    }
}
