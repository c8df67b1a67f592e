using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Tests.Training;

/// <summary>An interaction without any features, as MovieLens users are: ids and a rating only.</summary>
public sealed class IdOnlyRow
{
    public uint UserId { get; set; }
    public uint ItemId { get; set; }
    public float Label { get; set; }
}

internal static class IdOnlyRows
{
    /// <summary>The clustered interactions of <see cref="InteractionRows.Clustered"/> with the features dropped.</summary>
    public static IDataView ClusteredData(MLContext ml, int seed = 1)
    {
        var rows = InteractionRows.Clustered(TrainerFixture.Users, TrainerFixture.Items, clusters: 3, TrainerFixture.Width,
                rowsPerUser: 12, seed)
            .Select(r => new IdOnlyRow { UserId = r.UserId, ItemId = r.ItemId, Label = r.Label });
        var definition = SchemaDefinition.Create(typeof(IdOnlyRow));
        definition[nameof(IdOnlyRow.UserId)].ColumnType = new KeyDataViewType(typeof(uint), TrainerFixture.Users);
        definition[nameof(IdOnlyRow.ItemId)].ColumnType = new KeyDataViewType(typeof(uint), TrainerFixture.Items);
        return ml.Data.LoadFromEnumerable(rows, definition);
    }
}
