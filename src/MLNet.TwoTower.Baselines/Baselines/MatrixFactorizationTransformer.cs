using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// Scores (user key, item key) rows with a trained factor model: adds <c>Score</c> (Single) and, when asked for, the
/// user and item factor vectors. Saved models hold the tables in an ONNX graph; <c>ml.Model.Load</c> returns the
/// equivalent chain of built-in transformers (register this assembly with
/// <c>ml.ComponentCatalog.RegisterAssembly(typeof(MatrixFactorizationTransformer).Assembly)</c> first), which gives
/// identical scores.
/// </summary>
public sealed class MatrixFactorizationTransformer : ITransformer
{
    private readonly CheckedChain _scorer;

    internal MatrixFactorizationTransformer(MatrixFactorizationModelParameters model, CheckedChain scorer,
        string userColumnName, string itemColumnName)
    {
        Model = model;
        _scorer = scorer;
        UserColumnName = userColumnName;
        ItemColumnName = itemColumnName;
    }

    /// <summary>The learned tables.</summary>
    public MatrixFactorizationModelParameters Model { get; }

    /// <summary>The user (matrix row) key column read by this transformer.</summary>
    public string UserColumnName { get; }

    /// <summary>The item (matrix column) key column read by this transformer.</summary>
    public string ItemColumnName { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _scorer.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _scorer.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => _scorer.Transform(input);

    /// <summary>Saves the built-in chain that carries the model (ONNX tables + score mapping).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => _scorer.Save(ctx);
}
