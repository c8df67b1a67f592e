using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// What an <c>OnnxTransformer</c> of ours returns from <c>Transform</c>, computed faster: the same schema (taken from
/// the transformer itself), the input columns passed through, and each added column computed by <see cref="RowGraph"/>
/// at batch 1 with a per-cursor <see cref="RowOutputCache"/>.
/// </summary>
internal sealed class RowGraphView : IDataView
{
    private readonly IDataView _input;
    private readonly RowGraph _graph;

    private RowGraphView(IDataView input, DataViewSchema schema, RowGraph graph)
    {
        _input = input;
        _graph = graph;
        Schema = schema;
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => _input.CanShuffle;

    /// <summary>
    /// The view, or null when <paramref name="outputSchema"/> (the transformer's, for <paramref name="input"/>) is not
    /// the input's columns followed by float vector outputs of <paramref name="graph"/>, or an input cannot be read.
    /// </summary>
    public static RowGraphView? TryCreate(IDataView input, DataViewSchema outputSchema, RowGraph graph)
    {
        var inputCount = input.Schema.Count;
        if (outputSchema.Count <= inputCount || !RowGraphInputs.CanRead(graph, input.Schema))
            return null;
        for (var i = 0; i < inputCount; i++)
            if (outputSchema[i].Name != input.Schema[i].Name || !outputSchema[i].Type.Equals(input.Schema[i].Type))
                return null;
        for (var i = inputCount; i < outputSchema.Count; i++)
            if (!graph.OutputNames.Contains(outputSchema[i].Name)
                || outputSchema[i].Type is not VectorDataViewType { ItemType: var item } || item != NumberDataViewType.Single)
                return null;
        return new RowGraphView(input, outputSchema, graph);
    }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var computes = needed.Any(index => index >= _input.Schema.Count);
        var inputColumns = needed.Where(index => index < _input.Schema.Count).Select(index => _input.Schema[index])
            .Concat(computes ? RowGraphInputs.Columns(_graph, _input.Schema) : []);
        return new RowGraphCursor(this, _input.GetRowCursor(inputColumns.Distinct(), rand), _graph, needed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
