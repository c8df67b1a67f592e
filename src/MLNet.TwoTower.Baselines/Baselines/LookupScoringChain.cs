using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Persistence;
using Onnx;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// Builds the saved form shared by the table-lookup baselines: key columns copied to fixed names → an ONNX graph
/// (which reads the raw key, 0 = missing, and casts it to Int64) that gathers rows of learned tables → <see cref="ScoreFromVectorMapping"/>
/// → drop the helper columns. Every step is an ML.NET built-in or a registered CustomMapping, so the chain saves
/// with <c>ml.Model.Save</c> and loads anywhere with <c>ml.Model.Load</c>.
/// </summary>
internal static class LookupScoringChain
{
    /// <summary>
    /// The helper copy of a key column that feeds the ONNX input of the same name. (ML.NET has no built-in key → Int64
    /// conversion: ConvertType keeps keys keys, so the cast happens inside the graph.)
    /// </summary>
    public static string IndexColumnName(string role) => $"__TwoTower{role}Index";

    public static TransformerChain<ITransformer> Build(MLContext ml, IDataView trainingSchemaSource,
        IReadOnlyList<(string KeyColumn, string Role)> keys, byte[] onnxModel, IReadOnlyList<string> extraOutputs)
    {
        var fitted = (IEnumerable<ITransformer>)CreateEstimator(ml, keys, onnxModel, extraOutputs).Fit(trainingSchemaSource);
        return new TransformerChain<ITransformer>(fitted.Cast<ITransformer>().ToArray());
    }

    /// <summary>
    /// The estimator form of the chain. Also how trainers answer <c>GetOutputSchema(SchemaShape)</c>: SchemaShape
    /// columns cannot be built through the public API, so the chain over a same-shaped model computes the shape.
    /// </summary>
    public static IEstimator<ITransformer> CreateEstimator(MLContext ml,
        IReadOnlyList<(string KeyColumn, string Role)> keys, byte[] onnxModel, IReadOnlyList<string> extraOutputs)
    {
        var conversions = keys.Select(k => new InputOutputColumnPair(IndexColumnName(k.Role), k.KeyColumn)).ToArray();
        var outputs = new[] { ScoreFromVectorMapping.VectorColumnName }.Concat(extraOutputs).ToArray();
        var inputs = keys.Select(k => IndexColumnName(k.Role)).ToArray();
        var dropped = inputs.Append(ScoreFromVectorMapping.VectorColumnName).ToArray();

        IEstimator<ITransformer> estimator = ml.Transforms.CopyColumns(conversions[0].OutputColumnName, conversions[0].InputColumnName);
        foreach (var pair in conversions.Skip(1))
            estimator = estimator.Append(ml.Transforms.CopyColumns(pair.OutputColumnName, pair.InputColumnName));
        estimator = estimator
            .Append(OnnxModels.Apply(ml, outputs, inputs, onnxModel))
            .Append(ml.Transforms.CustomMapping(new ScoreFromVectorMapping().GetMapping(), ScoreFromVectorMapping.ContractName))
            .Append(ml.Transforms.DropColumns(dropped));
        return estimator;
    }

    /// <summary>
    /// Declares the graph input for a key column and turns it into Int64 row indices of shape [batch]. OnnxTransformer
    /// accepts a key column for a UInt32 input and passes the raw key value (0 = missing) as a [batch, 1] tensor.
    /// </summary>
    public static string KeyInput(OnnxGraphBuilder graph, string role)
    {
        var input = graph.AddInput(IndexColumnName(role), TensorProto.Types.DataType.Uint32, 1);
        var flat = graph.AddNode("Reshape", [input, graph.AddInitializer($"{role}_flat_shape", new long[] { -1L }, 1)]);
        return graph.AddNode("Cast", [flat], null, OnnxGraphBuilder.Attribute("to", (long)TensorProto.Types.DataType.Int64));
    }

    /// <summary>
    /// Adds nodes that turn an Int64 key input into a safe row index for a table of <paramref name="rows"/> rows:
    /// values outside [0, rows) become 0, the fallback row, so an unexpected key can never fail the Gather.
    /// </summary>
    public static string SafeIndex(OnnxGraphBuilder graph, string input, long rows, string prefix)
    {
        var limit = graph.AddInitializer($"{prefix}_rows", new long[] { rows });
        var zero = graph.AddInitializer($"{prefix}_zero", new long[] { 0L });
        var below = graph.AddNode("Less", [input, limit]);
        var notNegative = graph.AddNode("GreaterOrEqual", [input, zero]);
        var valid = graph.AddNode("And", [below, notNegative]);
        return graph.AddNode("Where", [valid, input, zero]);
    }

    public static string Gather(OnnxGraphBuilder graph, string table, string index, string? output = null) =>
        graph.AddNode("Gather", [table, index], output, OnnxGraphBuilder.Attribute("axis", 0L));

    public const TensorProto.Types.DataType Float = TensorProto.Types.DataType.Float;
    public const TensorProto.Types.DataType Int64 = TensorProto.Types.DataType.Int64;
}
