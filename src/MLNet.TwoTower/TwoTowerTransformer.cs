using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.IO;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower;

/// <summary>
/// A fitted Two-Tower model. Adds <c>Score</c> (scalar <see cref="float"/>, the ranking score: with a ranking head the
/// predicted rating plus the validated share of the retrieval score, else the retrieval score), <c>RetrievalScore</c>
/// (the dot product of the two embeddings, what the item index ranks by), <c>UserEmbedding</c> and <c>ItemEmbedding</c>
/// (vectors of D floats, which ML.NET reports with dimensions [1, D], as OnnxTransformer does for every
/// <c>[batch, D]</c> output). The embeddings are the towers' normalised outputs, followed by the item's learned biases
/// and the user's weights for them when the model has them (<see cref="Modeling.EmbeddingAugmentation"/>).
/// </summary>
/// <remarks>
/// The work is done by a chain of ML.NET built-ins: each tower is an ONNX graph run by <c>OnnxTransformer</c>, the
/// score is a third small ONNX graph, and a registered <c>CustomMapping</c> makes it a scalar. So
/// <c>ml.Model.Save</c> writes an ordinary ML.NET model that loads in any process without TorchSharp; after loading
/// it is a plain <see cref="TransformerChain{TLastTransformer}"/>. Load it with <c>ml.Model.Load</c> or, for errors
/// that name the file, <see cref="TwoTowerModel.Load"/>.
/// </remarks>
public sealed class TwoTowerTransformer : ITransformer
{
    private readonly TowerTransformer _user;
    private readonly TowerTransformer _item;
    private readonly CheckedChain _checked;

    internal TwoTowerTransformer(MLContext ml, TwoTowerModelParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        _user = TowerTransformer.Create(ml, TowerSide.User(parameters));
        _item = TowerTransformer.Create(ml, TowerSide.Item(parameters));
        if (parameters.UserTower.OutputSize != parameters.ItemTower.OutputSize)
            throw new ArgumentException(
                $"The towers must produce embeddings of the same width to be compared; the user tower produces " +
                $"{parameters.UserTower.OutputSize} and the item tower {parameters.ItemTower.OutputSize}.", nameof(parameters));
        var embeddings = _item.GetOutputSchema(_user.GetOutputSchema(InputSchema(parameters)));
        var scorer = CreateScorer(ml, parameters.UserTower.OutputSize, _user.Side.RankingColumnName, embeddings);
        _checked = new CheckedChain(new TransformerChain<ITransformer>([.. _user.Chain, .. _item.Chain, .. scorer]), CheckInput);
    }

    /// <summary>The learned weights and the columns the model reads.</summary>
    public TwoTowerModelParameters Parameters { get; }

    /// <summary>
    /// The user tower alone: reads only the user columns and adds only <c>UserEmbedding</c>. Use it for users who
    /// have no item rows (a new user's query); save it with <c>ml.Model.Save</c> on its own if you like.
    /// </summary>
    public ITransformer UserTower => _user;

    /// <summary>
    /// The item tower alone: reads only the item columns and adds only <c>ItemEmbedding</c>. Use it to embed an
    /// item catalogue for retrieval; save it with <c>ml.Model.Save</c> on its own if you like.
    /// </summary>
    public ITransformer ItemTower => _item;

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    internal TransformerChain<ITransformer> Chain => _checked.Chain;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _checked.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => _checked.Transform(input);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _checked.GetRowToRowMapper(inputSchema);

    /// <summary>Saves the inner chain of built-ins, so that the saved model needs nothing of ours but the score mapping.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => _checked.Save(ctx);

    /// <summary>
    /// Writes each tower as a standalone ONNX file (opset 17, a free batch dimension) for serving with ONNX Runtime
    /// in any language. Inputs are named after the model's columns: the feature vector (float <c>[batch, F]</c>) and,
    /// for a tower with an id table, the key (int64 <c>[batch]</c>: the ML.NET key value, 1-based; 0 or an unknown
    /// key reads the neutral row 0). The output is named <c>UserEmbedding</c> / <c>ItemEmbedding</c>,
    /// float <c>[batch, D]</c>. Each file is written atomically: a failure leaves any earlier file intact.
    /// </summary>
    /// <param name="userTowerPath">Where to write the user tower, e.g. <c>user_tower.onnx</c>.</param>
    /// <param name="itemTowerPath">Where to write the item tower, e.g. <c>item_tower.onnx</c>.</param>
    public void ExportOnnx(string userTowerPath, string itemTowerPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userTowerPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(itemTowerPath);
        if (Path.GetFullPath(userTowerPath) == Path.GetFullPath(itemTowerPath))
            throw new ArgumentException(
                $"Both towers would be written to '{userTowerPath}'; give the item tower a different path.", nameof(itemTowerPath));
        foreach (var (side, path) in new[] { (_user.Side, userTowerPath), (_item.Side, itemTowerPath) })
            AtomicFile.WriteAllBytes(path, TowerOnnxGraph.Build(side.Weights, side.FeaturesColumnName, side.IdColumnName,
                side.EmbeddingColumnName, rankingOutput: side.RankingColumnName));
    }

    private void CheckInput(DataViewSchema inputSchema)
    {
        _user.Side.CheckInput(inputSchema);
        _item.Side.CheckInput(inputSchema);
    }

    /// <summary>
    /// Score graph → scalar <c>Score</c> and <c>RetrievalScore</c> → drop the one-element vectors they came from and
    /// the user's ranking vector (an intermediate of the full model; the user tower alone keeps it).
    /// </summary>
    private static TransformerChain<ITransformer> CreateScorer(MLContext ml, int dimension, string? userRankingVector,
        DataViewSchema embeddings)
    {
        string[] vectors = [TwoTowerScoresMapping.ScoreVectorColumnName, TwoTowerScoresMapping.RetrievalScoreVectorColumnName];
        string[] inputs = [DefaultColumnNames.UserEmbedding, DefaultColumnNames.ItemEmbedding, .. userRankingVector is null ? Array.Empty<string>() : [userRankingVector]];
        var graph = ScoreOnnxGraph.Build(dimension, DefaultColumnNames.UserEmbedding, DefaultColumnNames.ItemEmbedding,
            userRankingVector, vectors[0], vectors[1]);
        var scorer = ml.Transforms.ApplyOnnxModel(vectors, inputs, new MemoryStream(graph))
            .Append(ml.Transforms.CustomMapping(new TwoTowerScoresMapping().GetMapping(), TwoTowerScoresMapping.ContractName))
            .Append(ml.Transforms.DropColumns([.. vectors, .. userRankingVector is null ? Array.Empty<string>() : [userRankingVector]]));
        return new TransformerChain<ITransformer>([.. ChainLeaves.Of(scorer.Fit(new EmptyDataView(embeddings)))]);
    }

    /// <summary>The schema of exactly the columns the two towers read.</summary>
    private static DataViewSchema InputSchema(TwoTowerModelParameters parameters)
    {
        var builder = new DataViewSchema.Builder();
        TowerSide.User(parameters).AddInputColumns(builder);
        TowerSide.Item(parameters).AddInputColumns(builder);
        return builder.ToSchema();
    }
}
