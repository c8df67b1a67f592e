using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// Scores (user key, item key) rows with a trained factor model: adds <c>Score</c> (Single) and, when asked for, the
/// user and item factor vectors. Saved models hold the tables in an ONNX graph; <c>ml.Model.Load</c> returns the
/// equivalent chain of built-in transformers (register this assembly with
/// <c>ml.ComponentCatalog.RegisterAssembly(typeof(MatrixFactorizationTransformer).Assembly)</c> first), which gives
/// identical scores.
/// </summary>
public sealed class MatrixFactorizationTransformer : ITransformer, IRecommenderModel
{
    private readonly CheckedChain _scorer;

    internal MatrixFactorizationTransformer(MatrixFactorizationModelParameters model, CheckedChain scorer,
        string userIdColumnName, string itemIdColumnName)
    {
        Model = model;
        _scorer = scorer;
        UserIdColumnName = userIdColumnName;
        ItemIdColumnName = itemIdColumnName;
    }

    /// <summary>The learned tables.</summary>
    public MatrixFactorizationModelParameters Model { get; }

    /// <summary>The user (matrix row) key column read by this transformer.</summary>
    public string UserIdColumnName { get; }

    /// <summary>The item (matrix column) key column read by this transformer.</summary>
    public string ItemIdColumnName { get; }

    /// <summary>Scores every item by the dot product of the factor (and bias) vectors, as <c>Score</c> does per row.</summary>
    /// <exception cref="InvalidOperationException">The model was trained on other key counts.</exception>
    public UserScorer? CreateCatalogScorer(int userCount, int itemCount)
    {
        if (userCount != Model.NumberOfUsers || itemCount != Model.NumberOfItems)
            throw new InvalidOperationException(
                $"This matrix factorization model was trained on {Model.NumberOfUsers} user and {Model.NumberOfItems} item keys; " +
                $"the evaluated data has {userCount} and {itemCount}. Map keys once, on all the data, before splitting.");
        var (users, items, dimension) = Model.GetScoringEmbeddings();
        return FullCatalogRanker.DotProducts(users, items, dimension);
    }

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
