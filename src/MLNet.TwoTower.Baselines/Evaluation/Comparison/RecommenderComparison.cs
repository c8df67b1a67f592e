using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// Runs several estimators on the same splits and reports one table per protocol (docs/protocols.md): warm nDCG@k on a random
/// split (the reference protocol), cold-user nDCG@k with a fraction of users held out entirely, and full-catalog
/// retrieval metrics for models that can rank the catalogue (an <see cref="IRecommenderModel"/>, or any model given an
/// <see cref="EmbeddingExtractor"/>), and cold-start item retrieval: a fraction of items held out entirely,
/// each user's held-out positives ranked among the held-out items only. Random and popularity floors are added to
/// every table; a model that cannot rank a protocol's candidates (every score equal or NaN) gets null there.
/// Any <c>IEstimator&lt;ITransformer&gt;</c> that outputs a Single <c>Score</c> column fits, ML.NET's own
/// MatrixFactorizationTrainer included. Keys must be mapped once, on all the data, before calling <see cref="Run"/>.
/// With <see cref="ComparisonOptions.Implicit"/> every interaction is a positive and the implicit-feedback protocols run
/// instead (<see cref="Protocol.ImplicitFeedback"/>): the same catalogue ranking, on a per-user split, with MAP@k.
/// </summary>
public sealed class RecommenderComparison
{
    private readonly MLContext _ml;
    private readonly ComparisonOptions _options;
    private readonly List<(string Name, IEstimator<ITransformer> Estimator, CatalogScorerFactory Catalog)> _models = [];
    private readonly List<(string Name, IFixedScorer Scorer)> _fixed = [];

    /// <summary>Creates an empty comparison.</summary>
    public RecommenderComparison(MLContext ml, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        _ml = ml;
        _options = options ?? new ComparisonOptions();
        InteractionSplitter.CheckFraction(_options.TestFraction, nameof(ComparisonOptions.TestFraction));
        InteractionSplitter.CheckFraction(_options.ImplicitTestFraction, nameof(ComparisonOptions.ImplicitTestFraction));
        if (_options.ColdUserFraction != 0)
            InteractionSplitter.CheckFraction(_options.ColdUserFraction, nameof(ComparisonOptions.ColdUserFraction));
        if (_options.ColdItemFraction != 0)
            InteractionSplitter.CheckFraction(_options.ColdItemFraction, nameof(ComparisonOptions.ColdItemFraction));
        if (_options.NdcgCutoffs.Count == 0 || _options.NdcgCutoffs.Any(k => k <= 0))
            throw new ArgumentOutOfRangeException(nameof(options), "NdcgCutoffs must hold at least one positive k.");
        if (_options.CatalogCutoffs.Count == 0 || _options.CatalogCutoffs.Any(k => k <= 0))
            throw new ArgumentOutOfRangeException(nameof(options), "CatalogCutoffs must hold at least one positive k.");
    }

    /// <summary>Adds a model; returns this comparison for chaining.</summary>
    public RecommenderComparison Add(string name, IEstimator<ITransformer> estimator, EmbeddingExtractor? embeddings = null) =>
        Add(name, estimator, (model, task) => Scorer(name, model, embeddings, task));

    /// <summary>Adds a model that ranks the catalogue through its own <paramref name="catalogScorer"/>; returns this comparison.</summary>
    public RecommenderComparison Add(string name, IEstimator<ITransformer> estimator, CatalogScorerFactory catalogScorer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(catalogScorer);
        CheckNewName(name);
        _models.Add((name, estimator, catalogScorer));
        return this;
    }

    /// <summary>
    /// Adds a scoring rule that is not trained (a synthetic dataset's ground truth): the same rule on every split,
    /// listed after the trained models with 0 s of training; returns this comparison.
    /// </summary>
    public RecommenderComparison AddFixed(string name, IFixedScorer scorer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(scorer);
        CheckNewName(name);
        _fixed.Add((name, scorer));
        return this;
    }

    private void CheckNewName(string name)
    {
        if (_models.Any(m => m.Name == name) || _fixed.Any(m => m.Name == name) || name is "random" or "popularity")
            throw new ArgumentException($"Model name '{name}' is already used (random and popularity are reserved for the floors).", nameof(name));
    }

    /// <summary>Splits <paramref name="data"/>, trains every model per protocol and evaluates.</summary>
    /// <param name="data">All interactions (keys mapped on all of them).</param>
    /// <param name="fixedWarmTest">
    /// A fixed warm test set (a dataset's <c>interactions.test.csv</c>) used instead of the random split (in implicit
    /// mode, instead of the per-user split); then <paramref name="data"/> is the training set of the warm and
    /// full-catalog protocols.
    /// </param>
    /// <exception cref="ArgumentException">A column is missing or mistyped, or (without
    /// <see cref="ComparisonOptions.Implicit"/>) every label is the same value, so the rating protocols would measure nothing.</exception>
    public ComparisonReport Run(IDataView data, IDataView? fixedWarmTest = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ColumnReader.CheckKey(data.Schema, _options.UserIdColumnName, nameof(ComparisonOptions.UserIdColumnName));
        ColumnReader.CheckKey(data.Schema, _options.ItemIdColumnName, nameof(ComparisonOptions.ItemIdColumnName));
        ColumnReader.CheckLabel(data.Schema, _options.LabelColumnName, nameof(ComparisonOptions.LabelColumnName));
        // No ml.Data.Cache here: it copies every column of every row, so feature vectors joined to interactions
        // would cost interactions × width (23 GB for MovieLens with n-gram item text). The splits are filters over
        // the caller's view, which should be cheap to read again (PreparedData shares one vector per entity).
        if (_options.Implicit)
            return RunImplicit(data, fixedWarmTest);
        CheckLabelsVary(data);

        var tables = new List<ProtocolTable>();
        var warm = fixedWarmTest is null
            ? InteractionSplitter.Random(_ml, data, _options.TestFraction, _options.Seed)
            : InteractionSplitter.Fixed(data, fixedWarmTest);
        var warmTrain = warm.TrainSet;
        var warmTest = warm.TestSet;
        var warmRuns = FitAll(warmTrain, warm.Protocol);
        tables.Add(RankingTable(Protocol.Warm, warm, warmTest, warmRuns));

        if (_options.ColdUserFraction > 0)
        {
            var cold = InteractionSplitter.ColdUsers(data, _options.UserIdColumnName, _options.ColdUserFraction, _options.Seed);
            tables.Add(RankingTable(Protocol.ColdUsers, cold, cold.TestSet, FitAll(cold.TrainSet, cold.Protocol)));
        }

        var catalog = FullCatalogTask.FromSplit(warmTrain, warmTest, _options.UserIdColumnName, _options.ItemIdColumnName, _options.LabelColumnName, _options.RelevanceThreshold);
        tables.Add(CatalogTable(Protocol.FullCatalog,
            $"{warm.Protocol}, seed {warm.Seed}; {catalog.Users.Count} test users with a positive, training items excluded", catalog, warmRuns));

        if (_options.ColdItemFraction > 0)
        {
            var cold = InteractionSplitter.ColdItems(data, _options.ItemIdColumnName, _options.ColdItemFraction, _options.Seed);
            var task = FullCatalogTask.ForColdItems(cold.TrainSet, cold.TestSet, _options.UserIdColumnName, _options.ItemIdColumnName, _options.LabelColumnName, _options.RelevanceThreshold);
            tables.Add(CatalogTable(Protocol.ColdItems,
                $"{cold.Protocol}, seed {cold.Seed}; {task.CandidateItems!.Count} held-out items ranked for {task.Users.Count} users with a positive among them",
                task, FitAll(cold.TrainSet, cold.Protocol)));
        }
        return new ComparisonReport { Seed = _options.Seed, Tables = tables };
    }

    /// <summary>
    /// The implicit-feedback protocols (docs/protocols.md): labels replaced with <see cref="ComparisonOptions.ImplicitLabel"/>,
    /// a held-out test file or a seeded per-user split, every item ranked with the user's training items excluded and
    /// every test interaction relevant; then cold users and cold items, ranked the same way.
    /// </summary>
    private ComparisonReport RunImplicit(IDataView data, IDataView? fixedTest)
    {
        string user = _options.UserIdColumnName, item = _options.ItemIdColumnName;
        data = new ConstantLabelDataView(data, _options.LabelColumnName, ComparisonOptions.ImplicitLabel);
        var split = fixedTest is null
            ? InteractionSplitter.PerUserRatio(data, user, _options.ImplicitTestFraction, _options.Seed)
            : InteractionSplitter.Fixed(data, new ConstantLabelDataView(fixedTest, _options.LabelColumnName, ComparisonOptions.ImplicitLabel));
        var tables = new List<ProtocolTable>();
        // No label column: every test interaction is relevant.
        var task = FullCatalogTask.FromSplit(split.TrainSet, split.TestSet, user, item);
        tables.Add(CatalogTable(Protocol.Implicit,
            $"{split.Protocol}, seed {split.Seed}, {split.TrainRows} train / {split.TestRows} test interactions, every one a positive; " +
            $"{task.Users.Count} test users, training items excluded", task, FitAll(split.TrainSet, split.Protocol)));

        if (_options.ColdUserFraction > 0)
        {
            var cold = InteractionSplitter.ColdUsers(data, user, _options.ColdUserFraction, _options.Seed);
            var coldTask = FullCatalogTask.FromSplit(cold.TrainSet, cold.TestSet, user, item);
            tables.Add(CatalogTable(Protocol.ImplicitColdUsers,
                $"{cold.Protocol}, seed {cold.Seed}; every item ranked for {coldTask.Users.Count} held-out users", coldTask, FitAll(cold.TrainSet, cold.Protocol)));
        }
        if (_options.ColdItemFraction > 0)
        {
            var cold = InteractionSplitter.ColdItems(data, item, _options.ColdItemFraction, _options.Seed);
            var coldTask = FullCatalogTask.ForColdItems(cold.TrainSet, cold.TestSet, user, item);
            tables.Add(CatalogTable(Protocol.ImplicitColdItems,
                $"{cold.Protocol}, seed {cold.Seed}; {coldTask.CandidateItems!.Count} held-out items ranked for {coldTask.Users.Count} users who interacted with them",
                coldTask, FitAll(cold.TrainSet, cold.Protocol)));
        }
        return new ComparisonReport { Seed = _options.Seed, Tables = tables };
    }

    /// <summary>
    /// Refuses labels that are all equal (e.g. every rating 5): the rating protocols rank a user's rated items by
    /// relevance, and with one label every rated item is equally relevant, so every model scores the same. Such data is
    /// implicit feedback.
    /// </summary>
    private void CheckLabelsVary(IDataView data)
    {
        var labels = ColumnReader.ReadNumbers(data, _options.LabelColumnName, nameof(ComparisonOptions.LabelColumnName))
            .Where(l => !double.IsNaN(l)).Distinct().Take(2).ToArray();
        if (labels.Length == 1)
            throw new ArgumentException(FormattableString.Invariant(
                $"Every label in column '{_options.LabelColumnName}' is {labels[0]}, so the rating protocols cannot tell relevant items from others (every model would score the same). ") +
                $"This is implicit feedback: set {nameof(ComparisonOptions)}.{nameof(ComparisonOptions.Implicit)} (twotower compare --implicit) to treat every interaction as a positive and rank the whole catalogue.",
                nameof(data));
    }

    /// <summary>
    /// One row of every table of a split: how it scores test rows (the ranking protocols) and, when it can, every item
    /// for a user (the catalogue protocols).
    /// </summary>
    private sealed record FittedModel(string Name, double Seconds, Func<Protocol, IDataView, double[]> ScoreRows, Func<Protocol, FullCatalogTask, UserScorer?> ScoreCatalog);

    private List<FittedModel> FitAll(IDataView train, string split)
    {
        var fitted = new List<FittedModel>();
        if (_options.IncludeFloors)
            fitted.Add(PopularityFloor(train));
        foreach (var (name, estimator, catalog) in _models)
        {
            var watch = Stopwatch.StartNew();
            var model = estimator.Fit(train);
            fitted.Add(new FittedModel(name, watch.Elapsed.TotalSeconds,
                (_, test) => ColumnReader.ReadNumbers(model.Transform(test), DefaultColumnNames.Score, DefaultColumnNames.Score),
                (_, task) => catalog(model, task)));
            _options.OnModelFitted?.Invoke(FormattableString.Invariant($"{name} fitted on the {split} split in {fitted[^1].Seconds:F1} s"));
        }
        foreach (var (name, scorer) in _fixed)
        {
            fitted.Add(new FittedModel(name, 0,
                (protocol, test) => scorer.ScoreRows(protocol,
                    ColumnReader.ReadKeys(test, _options.UserIdColumnName, nameof(ComparisonOptions.UserIdColumnName)),
                    ColumnReader.ReadKeys(test, _options.ItemIdColumnName, nameof(ComparisonOptions.ItemIdColumnName))),
                scorer.CreateCatalogScorer));
        }
        return fitted;
    }

    /// <summary>
    /// The popularity floor, part of every protocol (docs/protocols.md) and so computed here rather than trained: each
    /// item scores its number of positive training rows (rating ≥ the relevance threshold; in implicit mode every
    /// row), for every user alike.
    /// </summary>
    private FittedModel PopularityFloor(IDataView train)
    {
        var rows = ColumnReader.ReadTriples(train, _options.ItemIdColumnName, _options.ItemIdColumnName, _options.LabelColumnName);
        var positives = new float[rows.ItemCount + 1];
        for (int e = 0; e < rows.Count; e++)
            if (_options.Implicit || rows.Labels[e] >= _options.RelevanceThreshold)
                positives[rows.Items[e] + 1]++;
        return new FittedModel("popularity", 0,
            (_, test) => ColumnReader.ReadKeys(test, _options.ItemIdColumnName, nameof(ComparisonOptions.ItemIdColumnName))
                .Select(key => key < positives.Length ? (double)positives[key] : 0).ToArray(),
            (_, _) => (_, scores) =>
            {
                for (int i = 0; i < scores.Length; i++)
                    scores[i] = i + 1 < positives.Length ? positives[i + 1] : 0;
            });
    }

    private ProtocolTable RankingTable(Protocol protocol, InteractionSplit split, IDataView test, List<FittedModel> models)
    {
        int maxK = _options.NdcgCutoffs.Max();
        var metrics = _options.NdcgCutoffs.Select(k => $"nDCG@{k}").ToArray();
        var users = ColumnReader.ReadIds(test, _options.UserIdColumnName, nameof(ComparisonOptions.UserIdColumnName), out int userCount);
        var ratings = ColumnReader.ReadNumbers(test, _options.LabelColumnName, nameof(ComparisonOptions.LabelColumnName));
        var ndcgOptions = new NdcgEvaluationOptions
        {
            RelevanceThreshold = _options.RelevanceThreshold, TruncationLevel = maxK, NaNScores = _options.NaNScores,
        };
        var rows = new List<ComparisonRow>();
        NdcgResult? any = null;
        if (_options.IncludeFloors)
        {
            var random = new Random(_options.Seed);
            var scores = ratings.Select(_ => random.NextDouble()).ToArray();
            any = ReferenceNdcgEvaluator.Evaluate(_ml, users, userCount, ratings, scores, ndcgOptions);
            rows.Add(Row("random", any, 0));
        }
        foreach (var fitted in models)
        {
            var scores = fitted.ScoreRows(protocol, test);
            if (scores.All(double.IsNaN))
            {
                // The model cannot score any test row (MF on cold-start users): say so rather than rank NaNs.
                rows.Add(new ComparisonRow
                {
                    Model = fitted.Name,
                    Values = _options.NdcgCutoffs.ToDictionary(k => $"nDCG@{k}", _ => (double?)null),
                    TrainSeconds = fitted.Seconds,
                });
                continue;
            }
            any = ReferenceNdcgEvaluator.Evaluate(_ml, users, userCount, ratings, scores, ndcgOptions);
            rows.Add(Row(fitted.Name, any, fitted.Seconds));
        }
        string who = any is null ? "" : $"; {any.EvaluatedUsers} users with a positive (rating ≥ {_options.RelevanceThreshold}), {any.UsersWithoutPositives} without";
        return new ProtocolTable
        {
            Protocol = protocol,
            Description = $"{split.Protocol}, seed {split.Seed}, {split.TrainRows} train / {split.TestRows} test rows{who}; NaN scores {_options.NaNScores}",
            Metrics = metrics,
            Rows = rows,
        };

        ComparisonRow Row(string name, NdcgResult result, double seconds) => new()
        {
            Model = name,
            Values = _options.NdcgCutoffs.ToDictionary(k => $"nDCG@{k}", k => (double?)result.At(k)),
            TrainSeconds = seconds,
        };
    }

    private ProtocolTable CatalogTable(Protocol protocol, string description, FullCatalogTask task, List<FittedModel> models)
    {
        int maxK = _options.CatalogCutoffs.Max();
        var metricNames = new List<string>();
        foreach (var k in _options.CatalogCutoffs)
            metricNames.AddRange([$"Recall@{k}", $"Precision@{k}", $"nDCG@{k}", $"MAP@{k}", $"MRR@{k}", $"HitRate@{k}", $"Coverage@{k}"]);
        var rows = new List<ComparisonRow>();
        if (_options.IncludeFloors)
        {
            int seed = _options.Seed;
            rows.Add(CatalogRow("random", FullCatalogRanker.Rank((user, scores) =>
            {
                // Not HashCode.Combine: it is salted per process, so the floor changed from run to run at one seed
                // (ml-latest-small implicit, seed 43: nDCG@10 0.0042 in one run, 0.0048 in the next).
                var random = new Random(unchecked(seed * 1_000_003 + user));
                for (int i = 0; i < scores.Length; i++)
                    scores[i] = random.NextSingle();
            }, task, maxK), 0));
        }
        var skipped = new List<string>();
        foreach (var fitted in models)
        {
            if (fitted.ScoreCatalog(protocol, task) is not { } scorer)
            {
                skipped.Add(fitted.Name);
                continue;
            }
            // A model that gives every candidate the same score (or NaN) for every user cannot rank them: popularity
            // and matrix factorization on items that were never trained. Its row says so (null) instead of reporting
            // the tie order as if it were a ranking.
            int informative = 0;
            var ranked = FullCatalogRanker.Rank((user, scores) =>
            {
                scorer(user, scores);
                if (Volatile.Read(ref informative) == 0 && RanksCandidates(scores, task))
                    Volatile.Write(ref informative, 1);
            }, task, maxK);
            rows.Add(informative == 1
                ? CatalogRow(fitted.Name, ranked, fitted.Seconds)
                : new ComparisonRow { Model = fitted.Name, Values = metricNames.ToDictionary(m => m, _ => (double?)null), TrainSeconds = fitted.Seconds });
        }
        string note = skipped.Count == 0 ? "" : $"; no embeddings, left out: {string.Join(", ", skipped)}";
        return new ProtocolTable
        {
            Protocol = protocol,
            Description = $"{description}{note}",
            Metrics = metricNames,
            Rows = rows,
        };

        ComparisonRow CatalogRow(string name, RankedRecommendations ranked, double seconds)
        {
            var values = new Dictionary<string, double?>();
            foreach (var k in _options.CatalogCutoffs)
            {
                values[$"Recall@{k}"] = RetrievalMetrics.Recall(ranked, k).Mean;
                values[$"Precision@{k}"] = RetrievalMetrics.Precision(ranked, k).Mean;
                values[$"nDCG@{k}"] = RetrievalMetrics.Ndcg(ranked, k).Mean;
                values[$"MAP@{k}"] = RetrievalMetrics.AveragePrecision(ranked, k).Mean;
                values[$"MRR@{k}"] = RetrievalMetrics.Mrr(ranked, k).Mean;
                values[$"HitRate@{k}"] = RetrievalMetrics.HitRate(ranked, k).Mean;
                values[$"Coverage@{k}"] = RetrievalMetrics.CatalogCoverage(ranked, k);
            }
            return new ComparisonRow { Model = name, Values = values, TrainSeconds = seconds };
        }
    }

    /// <summary>
    /// How a fitted model scores every item for a user: through the embeddings its extractor returns, or through the
    /// model itself when it is an <see cref="IRecommenderModel"/>; null when it offers neither.
    /// </summary>
    private static UserScorer? Scorer(string name, ITransformer model, EmbeddingExtractor? embeddings, FullCatalogTask task)
    {
        if (embeddings?.Invoke(model) is not { } tables)
            return RecommenderModel(model)?.CreateCatalogScorer(task.UserCount, task.ItemCount);
        if (tables.Dimension <= 0 || tables.Users.Length != (long)task.UserCount * tables.Dimension || tables.Items.Length != (long)task.ItemCount * tables.Dimension)
            throw new InvalidOperationException(
                $"Model '{name}' gave {tables.Users.Length} user and {tables.Items.Length} item embedding values of width {tables.Dimension}; " +
                $"expected {task.UserCount} users and {task.ItemCount} items. Its embedding extractor must return one row per key.");
        return FullCatalogRanker.DotProducts(tables.Users, tables.Items, tables.Dimension);
    }

    /// <summary>Whether the scores of this user's candidate items hold at least two different finite values.</summary>
    private static bool RanksCandidates(ReadOnlySpan<float> scores, FullCatalogTask task)
    {
        float? first = null;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!task.IsCandidate(i) || !float.IsFinite(scores[i]))
                continue;
            if (first is null)
                first = scores[i];
            else if (scores[i] != first)
                return true;
        }
        return false;
    }

    /// <summary>The model's catalogue ranking: the transformer itself, or the last one of a chain (as <c>pipeline.Fit</c> returns).</summary>
    private static IRecommenderModel? RecommenderModel(ITransformer model) =>
        model as IRecommenderModel ?? (model as IEnumerable<ITransformer>)?.LastOrDefault() as IRecommenderModel;
}
