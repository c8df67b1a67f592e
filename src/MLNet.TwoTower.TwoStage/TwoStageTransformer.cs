using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.TwoStage.Features;
using MLNet.TwoTower.TwoStage.Training;

namespace MLNet.TwoTower;

/// <summary>
/// A fitted two-stage model. <see cref="Transform"/> scores given (user, item) rows: the Two-Tower model's columns
/// (<c>RetrievalScore</c>, <c>UserEmbedding</c>, <c>ItemEmbedding</c>; its <c>Score</c> kept as <c>TowerScore</c>),
/// <c>CatalogScore</c> (the catalogue re-ranker: how likely the user picks the item among unseen ones) and
/// <c>Score</c> (the rated-item re-ranker: liked above disliked among items the user rated; the catalogue re-ranker's
/// when the data had no dislikes), each blended with the first stage's own score when the trainer chose a share of it
/// (<see cref="TwoStageTrainer.Options.TowerScoreShareCandidates"/>). <see cref="CreateRecommender"/> ranks the
/// catalogue: the retrieval stage's top candidates, ordered by the catalogue re-ranker's served score.
/// </summary>
/// <remarks>
/// The work is a chain of ML.NET built-ins: the towers' chain, <c>CopyColumns</c>, an ONNX graph for the per-key
/// statistics and the embedding product, <c>Concatenate</c>, and ML.NET's own LightGBM or FastTree ranking
/// transformer. So <c>ml.Model.Save</c> writes an ordinary ML.NET model that <c>ml.Model.Load</c> restores without
/// TorchSharp, scoring bit-identically. Dispose the model when done with it.
/// </remarks>
public sealed class TwoStageTransformer : ITransformer, IDisposable
{
    /// <summary>The towers' ranking score, kept next to the re-ranker's <c>Score</c>.</summary>
    public const string TowerScoreColumnName = "TowerScore";

    /// <summary>The catalogue re-ranker's score, what <see cref="CreateRecommender"/> orders candidates by.</summary>
    public const string CatalogScoreColumnName = "CatalogScore";

    /// <summary>The re-ranker's input vector (dropped from the output).</summary>
    internal const string FeaturesColumnName = "TwoStageFeatures";

    private readonly TwoTowerTransformer _towers;
    private readonly TransformerChain<ITransformer> _rerank;
    private readonly CheckedChain _checked;
    private readonly TreeEnsembleScorer _reranker;
    private readonly Dictionary<uint, HashSet<uint>> _seen;

    // catalogue: null when training had no catalogue group (then the rated-item re-ranker serves both);
    // rated: null when training had no user with a dislike, e.g. implicit feedback (then the catalogue one serves both).
    internal TwoStageTransformer(MLContext ml, TwoTowerTransformer towers, EntityStatistics statistics, ITransformer? catalogue,
        ITransformer? rated, Dictionary<uint, HashSet<uint>> seen, int candidateCount, MatrixFactorizationFeature? matrixFactorization = null,
        ScoreBlend? catalogueBlend = null, ScoreBlend? ratedBlend = null)
    {
        _towers = towers;
        Statistics = statistics;
        _seen = seen;
        CandidateCount = candidateCount;
        MatrixFactorization = matrixFactorization;
        var recommending = catalogue ?? rated ?? throw new ArgumentException("At least one re-ranker is needed.", nameof(catalogue));
        _reranker = TreeEnsembleScorer.From(recommending);
        // The recommending re-ranker's blend goes with it (the rated-item one's when it is the only re-ranker).
        RecommendingBlend = (catalogue is not null ? catalogueBlend : ratedBlend) ?? ScoreBlend.TreesOnly(RerankFeatures.RetrievalScorePosition);
        ratedBlend ??= ScoreBlend.TreesOnly(RerankFeatures.TowerScorePosition);
        var parameters = towers.Parameters;
        int dimension = parameters.UserTower.OutputSize;
        string userIndex = LookupScoringChain.IndexColumnName(RerankFeatureGraph.UserRole);
        string itemIndex = LookupScoringChain.IndexColumnName(RerankFeatureGraph.ItemRole);
        var graph = RerankFeatureGraph.Build(statistics, dimension, DefaultColumnNames.UserEmbedding, DefaultColumnNames.ItemEmbedding, matrixFactorization);
        string[] graphOutputs = matrixFactorization is null
            ? [RerankFeatureGraph.StatisticsColumnName, RerankFeatureGraph.ProductColumnName]
            : [RerankFeatureGraph.StatisticsColumnName, RerankFeatureGraph.ProductColumnName, RerankFeatureGraph.MatrixFactorizationColumnName];
        var features = ml.Transforms.CopyColumns(TowerScoreColumnName, DefaultColumnNames.Score)
            .Append(ml.Transforms.CopyColumns(userIndex, parameters.UserIdColumnName))
            .Append(ml.Transforms.CopyColumns(itemIndex, parameters.ItemIdColumnName))
            .Append(OnnxModels.Apply(ml, graphOutputs,
                [userIndex, itemIndex, DefaultColumnNames.UserEmbedding, DefaultColumnNames.ItemEmbedding], graph))
            .Append(ml.Transforms.Concatenate(FeaturesColumnName, [TowerScoreColumnName, DefaultColumnNames.RetrievalScore, .. graphOutputs]));
        var towerSchema = towers.GetOutputSchema(new EmptyDataView(TowerInputSchema(towers)).Schema);
        var fittedFeatures = features.Fit(new EmptyDataView(towerSchema));
        var drop = ml.Transforms.DropColumns([userIndex, itemIndex, .. graphOutputs, FeaturesColumnName]);
        // Catalogue re-ranker → its Score copied to CatalogScore → rated-item re-ranker's Score (hides the first).
        var steps = new List<ITransformer>(ChainLeaves.Of(fittedFeatures));
        var schema = fittedFeatures.GetOutputSchema(towerSchema);
        void Add(ITransformer step)
        {
            steps.Add(step);
            schema = step.GetOutputSchema(schema);
        }
        void AddBlend(ScoreBlend blend)
        {
            if (!blend.Blends)
                return;
            foreach (var step in ChainLeaves.Of(ScoreBlendGraph.Estimator(ml, blend, TowerColumn(blend.TowerFeature)).Fit(new EmptyDataView(schema))))
                Add(step);
        }
        Add(recommending);
        AddBlend(RecommendingBlend);
        Add(ml.Transforms.CopyColumns(CatalogScoreColumnName, DefaultColumnNames.Score).Fit(new EmptyDataView(schema)));
        if (catalogue is not null && rated is not null)
        {
            Add(rated);
            AddBlend(ratedBlend);
        }
        Add(drop.Fit(new EmptyDataView(schema)));
        _rerank = new TransformerChain<ITransformer>([.. steps]);
        _checked = new CheckedChain(() => new TransformerChain<ITransformer>([.. ChainLeaves.Of(towers), .. _rerank]),
            schema => towers.GetOutputSchema(schema));
    }

    /// <summary>The first stage: the Two-Tower model whose embeddings retrieve the candidates.</summary>
    public TwoTowerTransformer Towers => _towers;

    /// <summary>Candidates per user the retrieval stage proposes to the re-ranker.</summary>
    public int CandidateCount { get; }

    internal EntityStatistics Statistics { get; }

    /// <summary>The matrix-factorization score feature's tables; null when the option was off.</summary>
    internal MatrixFactorizationFeature? MatrixFactorization { get; }

    /// <summary>How the recommending re-ranker's trees are blended with the first stage's score.</summary>
    internal ScoreBlend RecommendingBlend { get; }

    /// <summary>The catalogue re-ranker's trees (what <see cref="CreateRecommender"/> scores with), for tests.</summary>
    internal TreeEnsembleScorer CatalogueReranker => _reranker;

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _checked.GetOutputSchema(inputSchema);

    /// <summary>
    /// Adds the towers' columns, <c>TowerScore</c> and the re-ranker's <c>Score</c>. The towers run on their fast
    /// path (bit-identical to the saved chain's), the rest as the saved chain does.
    /// </summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _rerank.Transform(_towers.Transform(input));
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _checked.GetRowToRowMapper(inputSchema);

    /// <summary>Saves the chain of built-ins (towers, features, the ML.NET ranking transformer).</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => _checked.Save(ctx);

    /// <summary>
    /// A recommender over the catalogue of <paramref name="itemRows"/> for the users of <paramref name="userRows"/>
    /// (any rows carrying the key and feature columns the towers read, e.g. one per entity): the towers embed every
    /// user and item once, then each request retrieves <see cref="CandidateCount"/> candidates and re-ranks them.
    /// </summary>
    public TwoStageRecommender CreateRecommender(IDataView userRows, IDataView itemRows)
    {
        ArgumentNullException.ThrowIfNull(userRows);
        ArgumentNullException.ThrowIfNull(itemRows);
        return new TwoStageRecommender(EntityEmbeddings.Compute(_towers, userRows, itemRows), Statistics, _reranker, _seen, CandidateCount,
            MatrixFactorization, RecommendingBlend);
    }

    /// <summary>Releases the towers' ONNX Runtime sessions.</summary>
    public void Dispose() => _towers.Dispose();

    /// <summary>The column holding the re-ranker feature at <paramref name="position"/> (one of the two scores).</summary>
    private static string TowerColumn(int position) => position switch
    {
        RerankFeatures.TowerScorePosition => TowerScoreColumnName,
        RerankFeatures.RetrievalScorePosition => DefaultColumnNames.RetrievalScore,
        _ => throw new ArgumentOutOfRangeException(nameof(position), position, "A blend reads one of the two score features."),
    };

    private static DataViewSchema TowerInputSchema(TwoTowerTransformer towers)
    {
        var builder = new DataViewSchema.Builder();
        TowerSide.User(towers.Parameters).AddInputColumns(builder);
        TowerSide.Item(towers.Parameters).AddInputColumns(builder);
        return builder.ToSchema();
    }
}
