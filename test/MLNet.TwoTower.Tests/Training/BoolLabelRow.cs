using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Tests.Training;

public sealed class BoolLabelRow
{
    public uint UserId { get; set; }
    public uint ItemId { get; set; }
    public float[] UserFeatures { get; set; } = [];
    public float[] ItemFeatures { get; set; } = [];
    public bool Label { get; set; }

    public static SchemaDefinition Definition(int users, int items, int width)
    {
        var definition = SchemaDefinition.Create(typeof(BoolLabelRow));
        definition[nameof(UserId)].ColumnType = new KeyDataViewType(typeof(uint), users);
        definition[nameof(ItemId)].ColumnType = new KeyDataViewType(typeof(uint), items);
        definition[nameof(UserFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        definition[nameof(ItemFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return definition;
    }
}
