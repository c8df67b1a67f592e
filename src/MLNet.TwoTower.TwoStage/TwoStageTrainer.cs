using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.MLNetInput;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.TwoStage.Features;
using MLNet.TwoTower.TwoStage.Training;

namespace MLNet.TwoTower;

/// <summary>
/// A two-stage recommender: Two-Tower retrieval proposes candidates, ML.NET LambdaRank re-rankers (LightGBM or
/// FastTree) order them by per-(user, candidate) features. Create it with <c>ml.Ranking.Trainers.TwoStage(...)</c>.
/// <see cref="Fit"/> holds out a seeded share of each user's pairs, trains the towers on the rest, builds the
/// re-rankers' groups from the held-out labels (so no label reaches the towers that produce its features) and trains,
/// grouped by user, a catalogue re-ranker (retrieved candidates: what the user will like among items not yet seen) and
/// a rated-item re-ranker (the user's rated items: liked above disliked); optionally it then trains the towers again
/// on all rows. See the folder README for why.
/// </summary>
public sealed partial class TwoStageTrainer : IEstimator<TwoStageTransformer>
{
    private readonly IHostEnvironment _environment;
    private readonly IHost _host;
    private readonly Options _options;

    internal TwoStageTrainer(IHostEnvironment environment, Options options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _environment = environment;
        _options = options;
        _host = environment.Register(nameof(TwoStageTrainer));
    }

    internal const string CatalogueRerankerName = "catalogue";
    internal const string RatedRerankerName = "rated-item";

    /// <summary>The tree counts the last <see cref="Fit"/> chose on its validation groups, by re-ranker name; for tests and logs.</summary>
    internal Dictionary<string, int> TreeCounts { get; } = [];

    /// <summary>The tower score shares the last <see cref="Fit"/> chose on its validation groups, by re-ranker name.</summary>
    internal Dictionary<string, double> TowerScoreShares { get; } = [];

    /// <summary>What Fit did, for tests: the view the first towers trained on and the re-ranker's training rows.</summary>
    internal Action<FitTrace>? Trace { get; set; }

    /// <summary>Trains both stages on <paramref name="input"/>.</summary>
    /// <param name="input">Interactions with the key, feature and label columns named in <see cref="Options.Towers"/>.</param>
    /// <exception cref="ArgumentException">A column is missing or mistyped, or no user has a held-out positive to
    /// train the re-ranker on (too little data: every user needs at least two distinct items, one of them positive).</exception>
    public TwoStageTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _options.Validate();
        var towerOptions = _options.Towers;
        // The towers check their own columns; these are the ones read here too.
        TwoTowerSchemaValidator.Validate(input.Schema, towerOptions);
        var table = InteractionTable.Read(input, towerOptions.UserIdColumnName, towerOptions.ItemIdColumnName, towerOptions.LabelColumnName);
        float positive = input.Schema[towerOptions.LabelColumnName].Type == BooleanDataViewType.Instance ? 1f : towerOptions.PositiveThreshold;
        var settings = HostEnvironmentSettings.Read(_environment);
        int seed = towerOptions.Seed ?? settings.Seed ?? _host.Rand.Next();
        var ml = settings.CreateContext(_environment);
        // The re-rankers train in a context of their own, seeded with the trainer's seed: ML.NET's LightGBM draws from
        // its context's random stream beside its Seed option, so trees fitted in the caller's context changed with that
        // context's seed and history (ml-latest-small implicit, seed 43: the catalogue re-ranker's validation nDCG@10
        // with the trees alone 0.1197 under MLContext(43), 0.1306 under MLContext(42), the towers identical).
        var rerankers = new MLContext(seed);
        using var channel = _host.Start("Training");
        TreeCounts.Clear();
        TowerScoreShares.Clear();

        var heldOut = HoldoutSplit.Choose(table, _options.HoldoutFraction, seed);
        var towerRows = new RowSubsetDataView(input, heldOut.Select(h => !h).ToArray());
        var firstTowers = Towers(towerOptions, seed).Fit(towerRows);
        var firstStatistics = EntityStatistics.Compute(table, positive, heldOut.Select(h => !h).ToArray());
        var firstFactors = _options.MatrixFactorizationScore ? Factors(ml, towerRows, table, seed) : null;
        var embeddings = EntityEmbeddings.Compute(firstTowers, input, table);
        var training = RerankerTrainingSet.Build(table, heldOut, embeddings, firstStatistics, _options.CandidateCount, positive,
            _options.ColdStatisticsFraction, seed, _options.ColdItemStatisticsFraction, _options.FeatureGroups, firstFactors);
        Trace?.Invoke(new FitTrace(towerRows, heldOut, training, firstStatistics));
        if (training.Catalogue.Count == 0 && training.Rated.Count == 0)
            throw new ArgumentException(
                $"No user has a held-out positive (label ≥ {positive} in '{towerOptions.LabelColumnName}') to train the re-ranker on: " +
                $"each user needs at least two distinct items, one of them positive, for HoldoutFraction {_options.HoldoutFraction} to hold one out. Add data or raise HoldoutFraction.",
                nameof(input));
        // towerFeature: the first stage's score the re-ranker's output may be blended with (see ScoreBlend).
        (ITransformer? Model, ScoreBlend Blend) Train(IReadOnlyList<RerankerTrainingSet.Row> rows, string name, int towerFeature)
        {
            if (rows.Count == 0)
                return (null, ScoreBlend.TreesOnly(towerFeature));
            int trees = _options.NumberOfTrees;
            double share = 0;
            if (_options.ValidationFraction > 0 && TreeCountSelection.Split(rows, _options.ValidationFraction, seed) is var (fit, validation))
            {
                var probe = TreeEnsembleScorer.From(Reranker(rerankers, seed, trees).Fit(training.ToDataView(rerankers, fit, TwoStageTransformer.FeaturesColumnName)));
                var groups = RerankerTrainingSet.GroupCount(validation);
                if (_options.ChooseTreeCount)
                {
                    var ndcg = TreeCountSelection.PrefixNdcg(probe, validation);
                    trees = TreeCountSelection.Best(ndcg);
                    TreeCounts[name] = trees;
                    channel.Info(MessageSensitivity.None, $"Two-stage {name} re-ranker: {trees} of {probe.TreeCount} trees chosen on {groups} " +
                        $"validation groups (nDCG@10 {ndcg[trees - 1]:F4}; all trees {ndcg[^1]:F4}, one tree {ndcg[0]:F4}).");
                }
                // LightGBM stops early when no split gains, so the probe may hold fewer trees than asked for.
                var (blend, blendNdcg) = ScoreBlend.Choose(_options.TowerScoreShareCandidates, probe.Prefix(Math.Min(trees, probe.TreeCount)),
                    fit, validation, towerFeature);
                share = blend.Share;
                TowerScoreShares[name] = share;
                channel.Info(MessageSensitivity.None, $"Two-stage {name} re-ranker: tower score share {share} chosen on {groups} validation groups " +
                    $"(nDCG@10 by share {string.Join(", ", _options.TowerScoreShareCandidates.Zip(blendNdcg, (a, n) => $"{a}: {n:F4}"))}).");
            }
            channel.Info(MessageSensitivity.None, $"Two-stage {name} re-ranker: {rows.Count} rows in {RerankerTrainingSet.GroupCount(rows)} user groups, " +
                $"{training.FeatureWidth} features ({_options.Reranker}, {trees} trees).");
            var model = Reranker(rerankers, seed, trees).Fit(training.ToDataView(rerankers, rows, TwoStageTransformer.FeaturesColumnName));
            // The weights come from the final trees' spread over every training row, the share from validation.
            return (model, ScoreBlend.For(share, TreeEnsembleScorer.From(model), rows, towerFeature));
        }
        var catalogue = Train(training.Catalogue, CatalogueRerankerName, RerankFeatures.RetrievalScorePosition);
        var rated = Train(training.Rated, RatedRerankerName, RerankFeatures.TowerScorePosition);

        TwoTowerTransformer towers = firstTowers;
        var statistics = firstStatistics;
        var factors = firstFactors;
        if (_options.RefitTowersOnAllData)
        {
            towers = Towers(towerOptions, seed).Fit(input);
            // Counts on the scale of the rows the re-rankers' statistics came from (a ninth more rows at the default
            // holdout would shift every log-count past the trees' thresholds); test pairs are as unseen by the refitted
            // towers as held-out pairs were by the first ones, so the scores keep their distribution.
            int all = Enumerable.Range(0, table.Count).Count(table.IsValid);
            int kept = Enumerable.Range(0, table.Count).Count(r => table.IsValid(r) && !heldOut[r]);
            statistics = EntityStatistics.Compute(table, positive, countScale: all == 0 ? 1f : (float)kept / all);
            factors = _options.MatrixFactorizationScore ? Factors(ml, input, table, seed) : null;
            firstTowers.Dispose();
        }
        return new TwoStageTransformer(ml, towers, statistics, catalogue.Model, rated.Model, SeenItems(table), _options.CandidateCount, factors,
            catalogue.Blend, rated.Blend);
    }

    /// <summary>The schema of the fitted model: the towers' columns, then <c>Score</c> replaced by the re-ranker's.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        _options.Validate();
        // The re-ranker's Score is a Single like the towers' and TowerScore copies it, so the towers' shape plus a copy is the answer.
        var towers = new TwoTowerTrainer(_environment, _options.Towers).GetOutputSchema(inputSchema);
        var ml = new MLContext();
        return ml.Transforms.CopyColumns(TwoStageTransformer.TowerScoreColumnName, DefaultColumnNames.Score)
            .Append(ml.Transforms.CopyColumns(TwoStageTransformer.CatalogScoreColumnName, DefaultColumnNames.Score))
            .GetOutputSchema(towers);
    }

    private TwoTowerTrainer Towers(TwoTowerTrainer.Options options, int seed)
    {
        // The towers get the seed chosen here, so the two fits (first and refit) and the holdout agree on it.
        var copy = options.Clone();
        copy.Seed = seed;
        return new TwoTowerTrainer(_environment, copy);
    }

    /// <summary>The matrix-factorization feature: a biased factor model on <paramref name="rows"/>, unseen keys at zero.</summary>
    private MatrixFactorizationFeature Factors(MLContext ml, IDataView rows, InteractionTable table, int seed)
    {
        var towers = _options.Towers;
        var model = ml.Ranking.Trainers.MatrixFactorization(new MatrixFactorizationTrainer.Options
        {
            MatrixRowIndexColumnName = towers.UserIdColumnName,
            MatrixColumnIndexColumnName = towers.ItemIdColumnName,
            LabelColumnName = towers.LabelColumnName,
            UseBiases = true,
            UnseenKeyFallback = UnseenKeyFallback.Zeros,
            UserFactorsColumnName = null,
            ItemFactorsColumnName = null,
            NumberOfThreads = 1,
            Seed = seed,
            Quiet = true,
        }).Fit(rows).Model;
        return MatrixFactorizationFeature.From(model, table.UserKeyCount, table.ItemKeyCount);
    }

    private IEstimator<ITransformer> Reranker(MLContext ml, int seed, int trees) => _options.Reranker switch
    {
        RerankerTrainer.LightGbm => ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = RerankerTrainingSet.LabelColumnName,
            FeatureColumnName = TwoStageTransformer.FeaturesColumnName,
            RowGroupColumnName = RerankerTrainingSet.GroupColumnName,
            NumberOfIterations = trees,
            NumberOfLeaves = _options.NumberOfLeaves,
            MinimumExampleCountPerLeaf = _options.MinimumExampleCountPerLeaf,
            LearningRate = _options.LearningRate,
            Seed = seed,
            // One thread and LightGBM's deterministic mode: the same seed gives the same trees on any machine.
            NumberOfThreads = 1,
            Deterministic = true,
            Silent = true,
        }),
        _ => ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
        {
            LabelColumnName = RerankerTrainingSet.LabelColumnName,
            FeatureColumnName = TwoStageTransformer.FeaturesColumnName,
            RowGroupColumnName = RerankerTrainingSet.GroupColumnName,
            NumberOfTrees = trees,
            NumberOfLeaves = _options.NumberOfLeaves,
            MinimumExampleCountPerLeaf = _options.MinimumExampleCountPerLeaf,
            LearningRate = _options.LearningRate,
            Seed = seed,
            NumberOfThreads = 1,
        }),
    };

    /// <summary>Every user's items in all of the training rows (held-out ones too): what serving never recommends again.</summary>
    private static Dictionary<uint, HashSet<uint>> SeenItems(InteractionTable table)
    {
        var seen = new Dictionary<uint, HashSet<uint>>();
        for (int r = 0; r < table.Count; r++)
            if (table.IsValid(r))
                (seen.TryGetValue(table.Users[r], out var s) ? s : seen[table.Users[r]] = []).Add(table.Items[r]);
        return seen;
    }

    /// <summary>What <see cref="Fit"/> trained on, exposed to tests through <see cref="Trace"/>.</summary>
    internal sealed record FitTrace(IDataView FirstTowerRows, bool[] HeldOut, RerankerTrainingSet Reranker, EntityStatistics FirstStatistics);
}
