using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>One catalogue item as the benchmarks load it: a key and its embedding (shared with the pgvector benchmark).</summary>
internal sealed class ItemRow
{
    public uint ItemId { get; set; }

    public float[] ItemEmbedding { get; set; } = [];

    /// <summary>The schema of <paramref name="n"/> items of width <paramref name="dimension"/>.</summary>
    public static SchemaDefinition Schema(int n, int dimension)
    {
        var schema = SchemaDefinition.Create(typeof(ItemRow));
        schema[nameof(ItemId)].ColumnType = new KeyDataViewType(typeof(uint), n); // LoadFromEnumerable stores POCO value v as key v + 1
        schema[nameof(ItemEmbedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        return schema;
    }
}
