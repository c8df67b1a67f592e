using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Schema;

/// <summary>
/// Builds the <see cref="SchemaShape"/> a fitted Two-Tower model produces. <see cref="SchemaShape.Column"/>'s
/// constructor is internal in ML.NET 5.0.1, so the shape comes from a public estimator that adds columns of the same
/// types: a <c>CustomMapping</c> whose output schema definition declares <c>Score</c>, <c>RetrievalScore</c> and the two embedding vectors
/// with their width. Only its <c>GetOutputSchema</c> runs; the mapping itself never executes.
/// </summary>
internal static class TwoTowerOutputSchema
{
    public static SchemaShape Create(SchemaShape inputSchema, int embeddingSize)
    {
        var inputDefinition = SchemaDefinition.Create(typeof(NoColumns));
        var outputDefinition = SchemaDefinition.Create(typeof(OutputColumns));
        outputDefinition[nameof(OutputColumns.UserEmbedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, embeddingSize);
        outputDefinition[nameof(OutputColumns.ItemEmbedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, embeddingSize);
        var shaper = new MLContext().Transforms.CustomMapping<NoColumns, OutputColumns>(
            static (_, _) => { }, contractName: null, inputDefinition, outputDefinition);
        return shaper.GetOutputSchema(inputSchema);
    }

    private sealed class NoColumns;

    private sealed class OutputColumns
    {
        [ColumnName(DefaultColumnNames.Score)]
        public float Score { get; set; }

        [ColumnName(DefaultColumnNames.RetrievalScore)]
        public float RetrievalScore { get; set; }

        [ColumnName(DefaultColumnNames.UserEmbedding)]
        public float[] UserEmbedding { get; set; } = [];

        [ColumnName(DefaultColumnNames.ItemEmbedding)]
        public float[] ItemEmbedding { get; set; } = [];
    }
}
