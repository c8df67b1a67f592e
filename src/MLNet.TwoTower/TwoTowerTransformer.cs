using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.IO;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Scoring;
using Microsoft.ML.Transforms.Onnx;

namespace MLNet.TwoTower;

/// <summary>
/// A fitted Two-Tower model. Adds <c>Score</c> (scalar <see cref="float"/>, the ranking score: with a ranking head the
/// predicted rating plus the validated share of the retrieval score, else the retrieval score), <c>RetrievalScore</c>
/// (the dot product of the two embeddings, what the item index ranks by), <c>UserEmbedding</c> and <c>ItemEmbedding</c>
/// (vectors of D floats, which ML.NET reports with dimensions [1, D], as OnnxTransformer does for every
/// <c>[batch, D]</c> output). The embeddings are the towers' normalised outputs, followed by the item's popularity
/// prior and rating bias and the user's weights for them when the model has them
/// (<see cref="Modeling.EmbeddingAugmentation"/>).
/// </summary>
/// <remarks>
/// The work is done by a chain of ML.NET built-ins: each tower is an ONNX graph run by <c>OnnxTransformer</c>, the
/// scores are a third small ONNX graph, and a registered <c>CustomMapping</c> makes them scalars. So
/// <c>ml.Model.Save</c> writes an ordinary ML.NET model that loads in any process without TorchSharp; after
/// <c>ml.Model.Load</c> it is a plain <see cref="TransformerChain{TLastTransformer}"/>, which scores the same values
/// but one ONNX Runtime call per graph and row. <see cref="TwoTowerModel.Load"/> gives the faster
/// <see cref="Transform"/> of this class back (and errors that name the file). Dispose the model when done with it.
/// </remarks>
public sealed class TwoTowerTransformer : ITransformer, IDisposable
{
    private readonly TowerTransformer _user;
    private readonly TowerTransformer _item;
    private readonly CheckedChain _checked;
    private readonly FastChain _fast;

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
        var (scorer, scoreGraph) = CreateScorer(ml, parameters.UserTower.OutputSize, _user.Side.RankingColumnName, embeddings);
        var chain = new TransformerChain<ITransformer>([.. _user.Chain, .. _item.Chain, .. scorer]);
        _checked = new CheckedChain(chain, CheckInput);
        _fast = new FastChain(chain, new Dictionary<ITransformer, byte[]>
        {
            [_user.GraphTransformer] = _user.Graph,
            [_item.GraphTransformer] = _item.Graph,
            [scorer.OfType<OnnxTransformer>().Single()] = scoreGraph,
        });
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

    /// <summary>
    /// Adds <c>Score</c>, <c>UserEmbedding</c> and <c>ItemEmbedding</c>. Runs the same graphs as the saved chain, one
    /// row at a time, but computes each tower once per distinct (key, features) in a cursor and skips ML.NET's per-row
    /// ONNX plumbing, so the values are bit-identical to the saved model's and several times faster to get.
    /// </summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _checked.CheckInput(input.Schema);
        return _fast.Transform(input);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _checked.GetRowToRowMapper(inputSchema);

    /// <summary>
    /// Releases the ONNX Runtime sessions of the model's graphs (ML.NET's <c>OnnxTransformer</c>s and the fast path's).
    /// The towers (<see cref="UserTower"/>, <see cref="ItemTower"/>) share them and cannot be used afterwards.
    /// </summary>
    public void Dispose() => _fast.Dispose();

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
    private static (TransformerChain<ITransformer> Chain, byte[] Graph) CreateScorer(MLContext ml, int dimension,
        string? userRankingVector, DataViewSchema embeddings)
    {
        string[] vectors = [TwoTowerScoresMapping.ScoreVectorColumnName, TwoTowerScoresMapping.RetrievalScoreVectorColumnName];
        string[] ranking = userRankingVector is null ? [] : [userRankingVector];
        var graph = ScoreOnnxGraph.Build(dimension, DefaultColumnNames.UserEmbedding, DefaultColumnNames.ItemEmbedding,
            userRankingVector, vectors[0], vectors[1]);
        var scorer = OnnxModels.Apply(ml, vectors,
                [DefaultColumnNames.UserEmbedding, DefaultColumnNames.ItemEmbedding, .. ranking], graph)
            .Append(ml.Transforms.CustomMapping(new TwoTowerScoresMapping().GetMapping(), TwoTowerScoresMapping.ContractName))
            .Append(ml.Transforms.DropColumns([.. vectors, .. ranking]));
        return (new TransformerChain<ITransformer>([.. ChainLeaves.Of(scorer.Fit(new EmptyDataView(embeddings)))]), graph);
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
