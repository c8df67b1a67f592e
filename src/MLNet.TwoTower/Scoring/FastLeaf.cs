using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// One <see cref="OnnxTransformer"/> of a chain. If it runs one of this library's graphs (it adds an embedding or the
/// score vector, and its graph carries our producer name), <see cref="Transform"/> returns a <see cref="RowGraphView"/>
/// with the transformer's own output schema; otherwise, or when the input is not one the view reads, the
/// transformer's own result. The graph is looked at on first use only, and never for a foreign graph (such as a
/// sentence encoder), whose bytes would be costly to copy.
/// </summary>
internal sealed class FastLeaf : IDisposable
{
    /// <summary>Columns only this library's graphs add; a transformer adding none of them is left alone.</summary>
    private static readonly HashSet<string> OwnOutputs =
        [DefaultColumnNames.UserEmbedding, DefaultColumnNames.ItemEmbedding, ScoreFromVectorMapping.VectorColumnName];

    private readonly OnnxTransformer _transformer;
    private readonly byte[]? _knownGraph;
    private readonly object _gate = new();
    private bool _looked;
    private RowGraph? _graph;

    public FastLeaf(OnnxTransformer transformer, byte[]? knownGraph)
    {
        _transformer = transformer;
        _knownGraph = knownGraph;
    }

    public IDataView Transform(IDataView input)
    {
        var schema = _transformer.GetOutputSchema(input.Schema);
        var graph = Graph(schema.Skip(input.Schema.Count).Select(c => c.Name));
        return (graph is null ? null : RowGraphView.TryCreate(input, schema, graph)) ?? _transformer.Transform(input);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _graph?.Dispose();
            _graph = null;
            _looked = true;
        }
    }

    private RowGraph? Graph(IEnumerable<string> added)
    {
        lock (_gate)
        {
            if (_looked || !added.Any(OwnOutputs.Contains))
                return _graph;
            _looked = true;
            var bytes = _knownGraph ?? OwnGraphBytes.Read(_transformer);
            _graph = bytes is not null && OwnGraphBytes.IsOwn(bytes) ? new RowGraph(bytes) : null;
            return _graph;
        }
    }
}
