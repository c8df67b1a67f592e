using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// One tower on its own: reads only its side's columns (features and/or id key) and adds only its embedding column.
/// Like <see cref="TwoTowerTransformer"/>, it checks the input and delegates to a chain of ML.NET built-ins
/// (key → UInt64 conversion, the tower's ONNX graph, dropping the temporary column), so it saves with
/// <c>ml.Model.Save</c> and loads with <c>ml.Model.Load</c> anywhere.
/// </summary>
internal sealed class TowerTransformer : ITransformer
{
    private readonly CheckedChain _checked;

    private TowerTransformer(TowerSide side, TransformerChain<ITransformer> chain, byte[] graph)
    {
        Side = side;
        Graph = graph;
        _checked = new CheckedChain(chain, side.CheckInput);
    }

    public TowerSide Side { get; }

    /// <summary>The tower's ONNX graph, as the chain's <c>OnnxTransformer</c> runs it.</summary>
    public byte[] Graph { get; }

    /// <summary>The chain's <c>OnnxTransformer</c>, which runs <see cref="Graph"/>.</summary>
    public ITransformer GraphTransformer => Chain.OfType<OnnxTransformer>().Single();

    /// <summary>The built-in transformers that do the work, in order.</summary>
    public TransformerChain<ITransformer> Chain => _checked.Chain;

    public bool IsRowToRowMapper => true;

    /// <summary>Builds the tower's ONNX graph and fits the built-ins around it (fitting reads only the schema).</summary>
    public static TowerTransformer Create(MLContext ml, TowerSide side)
    {
        side.Validate();
        var columns = new DataViewSchema.Builder();
        side.AddInputColumns(columns);
        string[] onnxInputs = [.. (side.ReadsFeatures ? [side.FeaturesColumnName!] : Array.Empty<string>()),
            .. (side.ReadsId ? [side.IdRawColumnName] : Array.Empty<string>())];

        var graph = TowerOnnxGraph.Build(side.Weights, side.FeaturesColumnName, side.IdRawColumnName, side.EmbeddingColumnName,
            keyFromMLNet: true, side.RankingColumnName);
        var onnx = OnnxModels.Apply(ml, side.OutputColumnNames, onnxInputs, graph);
        IEstimator<ITransformer> pipeline = side.ReadsId
            // ONNX has no key type: hand the graph the key's raw value (1-based, 0 = missing) as UInt64.
            ? ml.Transforms.Conversion.ConvertType(side.IdRawColumnName, side.IdColumnName, DataKind.UInt64)
                .Append(onnx)
                .Append(ml.Transforms.DropColumns(side.IdRawColumnName))
            : onnx;
        var fitted = pipeline.Fit(new EmptyDataView(columns.ToSchema()));
        return new TowerTransformer(side, Flatten(fitted), graph);
    }

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _checked.GetOutputSchema(inputSchema);

    public IDataView Transform(IDataView input) => _checked.Transform(input);

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _checked.GetRowToRowMapper(inputSchema);

    void ICanSaveModel.Save(ModelSaveContext ctx) => _checked.Save(ctx);

    private static TransformerChain<ITransformer> Flatten(ITransformer fitted) =>
        new([.. ChainLeaves.Of(fitted)]);
}
