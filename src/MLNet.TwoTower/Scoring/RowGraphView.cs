using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// What an <c>OnnxTransformer</c> of ours returns from <c>Transform</c>, computed faster: the same schema (taken from
/// the transformer itself), the input columns passed through, and each added column computed by <see cref="RowGraph"/>:
/// a tower at batch 1 with a per-cursor <see cref="RowOutputCache"/>, a row-wise graph (the score graph) in batches.
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
        var inputCount = _input.Schema.Count;
        var computes = needed.Any(index => index >= inputCount);
        var passed = needed.Where(index => index < inputCount).Select(index => _input.Schema[index]);
        var graphColumns = RowGraphInputs.Columns(_graph, _input.Schema);
        string[] outputNames = [.. Enumerable.Range(inputCount, Schema.Count - inputCount).Select(i => Schema[i].Name)];
        if (!computes)
            return new RowGraphCursor(Schema, _input.GetRowCursor(passed, rand), needed, null);
        // A row-wise graph runs in batches read by a second cursor; that needs both cursors to see the same row order,
        // which an unshuffled cursor promises and a shuffled one does not.
        if (_graph.IsRowwise && rand is null)
        {
            var ahead = _input.GetRowCursor(graphColumns);
            return new RowGraphCursor(Schema, _input.GetRowCursor(passed), needed,
                new BatchedRowOutputs(_graph, ahead, outputNames));
        }
        var input = _input.GetRowCursor(passed.Concat(graphColumns).Distinct(), rand);
        return new RowGraphCursor(Schema, input, needed, new CachedRowOutputs(_graph, input, outputNames));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
