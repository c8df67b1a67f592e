using Google.Protobuf;
using Onnx;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// Builds a small ONNX model (opset 17) node by node. Input and output names double as ML.NET column names,
/// because <c>ApplyOnnxModel</c> binds columns to graph inputs and outputs by name.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The opset every graph of ours targets; ONNX Runtime 1.31 supports it fully.</summary>
    public const long OpsetVersion = 17;

    /// <summary>
    /// The metadata key that marks a graph as row-wise: every row's outputs depend on that row alone and are computed
    /// by element-by-element arithmetic, so they are bit-identical at any batch size (see <c>Scoring.RowwiseGraph</c>).
    /// </summary>
    public const string RowwiseMetadataKey = "mlnet_twotower.rowwise";

    private readonly GraphProto _graph;
    private int _nextName;
    private bool _rowwise;

    public OnnxGraphBuilder(string graphName)
    {
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>Declares a graph input of shape <c>[batch, dims…]</c>.</summary>
    public string AddInput(string name, TensorProto.Types.DataType type, params long[] dimsAfterBatch)
    {
        _graph.Input.Add(ValueInfo(name, type, dimsAfterBatch));
        return name;
    }

    /// <summary>Declares <paramref name="name"/> a graph output of shape <c>[batch, dims…]</c>.</summary>
    public void AddOutput(string name, TensorProto.Types.DataType type, params long[] dimsAfterBatch)
    {
        _graph.Output.Add(ValueInfo(name, type, dimsAfterBatch));
    }

    /// <summary>A constant float tensor.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A constant int64 tensor.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node with several outputs and returns their names.</summary>
    public string[] AddNode(string op, string[] inputs, int outputCount, params AttributeProto[] attributes) =>
        AddNodeWithOutputs(op, inputs, [.. Enumerable.Range(0, outputCount).Select(_ => NewName(op))], attributes);

    /// <summary>Adds a node and returns the name of its (single) output; pass <paramref name="output"/> to fix it.</summary>
    public string AddNode(string op, string[] inputs, string? output = null, params AttributeProto[] attributes) =>
        AddNodeWithOutputs(op, inputs, [output ?? NewName(op)], attributes)[0];

    /// <summary>Declares the graph row-wise (<see cref="RowwiseMetadataKey"/>); only a graph built so may say it.</summary>
    public void MarkRowwise() => _rowwise = true;

    public static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>Serialises the model.</summary>
    public byte[] ToBytes(string docString = "")
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "MLNet.TwoTower",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        if (_rowwise)
            model.MetadataProps.Add(new StringStringEntryProto { Key = RowwiseMetadataKey, Value = "true" });
        return model.ToByteArray();
    }

    private string NewName(string op) => $"{op.ToLowerInvariant()}_{_nextName++}";

    private string[] AddNodeWithOutputs(string op, string[] inputs, string[] outputs, AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, long[] dimsAfterBatch)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (var d in dimsAfterBatch)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
