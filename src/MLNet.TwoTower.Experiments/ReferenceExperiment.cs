using System.Runtime.CompilerServices;
using Microsoft.ML;
using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Experiments;

/// <summary>
/// The experiment this project starts from, on any prepared dataset: matrix factorization against Two-Tower models on
/// warm users (reference protocol, nDCG@k through ML.NET's ranking evaluator), cold-start users, and full-catalog
/// retrieval, with random and popularity floors (docs/protocols.md).
/// </summary>
public static class ReferenceExperiment
{
    /// <summary>Our matrix factorization (ML.NET's contract), rank <see cref="ExperimentOptions.FactorRank"/>; it cannot score cold users.</summary>
    public const string MatrixFactorization = "MatrixFactorization";

    /// <summary>The Two-Tower trainer with the library's defaults on the content features.</summary>
    public const string TwoTower = "TwoTower";

    /// <summary>
    /// The reference configuration: matrix-factorization factors as behaviour features next to the content features,
    /// the mean factor vector for users without history.
    /// </summary>
    public const string TwoTowerReference = "TwoTowerReference";

    /// <summary>
    /// Matrix factorization with global, user and item biases whose unseen users fall back to zero factors, so a
    /// cold-start user is scored by the global mean plus the item's bias: the strongest cold-user score a pure
    /// collaborative-filtering model has.
    /// </summary>
    public const string MatrixFactorizationItemBias = "MatrixFactorizationItemBias";

    /// <summary>
    /// One-class matrix factorization (<see cref="MatrixFactorizationTrainer.Options.ForImplicitFeedback"/>) with the
    /// rank of the other factor baselines (<see cref="ExperimentOptions.FactorRank"/>): the baseline of implicit mode,
    /// where every interaction is a positive. It cannot score cold users or items.
    /// </summary>
    public const string OneClassMatrixFactorization = "OneClassMatrixFactorization";

    /// <summary>
    /// The two-stage recommender (<c>ml.Ranking.Trainers.TwoStage</c>): the library-default towers retrieve, an ML.NET
    /// LightGBM LambdaRank re-ranker orders; the warm and cold-user protocols score the given rows with it, the catalogue
    /// protocols re-rank its retrieval top-N.
    /// </summary>
    public const string TwoStage = "TwoStage";

    /// <summary>
    /// Not a model: every protocol ranked by the pseudo generator's own probabilities (<see cref="ExperimentOptions.Truth"/>),
    /// the Bayes ceiling a model trained on the data can approach but not pass (up to split noise). Pseudo data only.
    /// </summary>
    public const string Oracle = "Oracle";

    /// <summary>Every model the experiment knows by name, in table order.</summary>
    public static IReadOnlyList<string> ModelNames { get; } = [MatrixFactorization, MatrixFactorizationItemBias, OneClassMatrixFactorization, TwoTower, TwoTowerReference, TwoStage, Oracle];

    /// <summary>
    /// The models run when <see cref="ExperimentOptions.Models"/> is null: on ratings every model but the one-class
    /// baseline; in implicit mode (<see cref="ExperimentOptions.Implicit"/>) the one-class baseline and the library's
    /// Two-Tower model (the rating baselines and the reference's MF features would learn from a constant label).
    /// </summary>
    public static IReadOnlyList<string> DefaultModels(bool implicitFeedback) => implicitFeedback
        ? [OneClassMatrixFactorization, TwoTower]
        : [MatrixFactorization, MatrixFactorizationItemBias, TwoTower, TwoTowerReference];

    /// <summary>Runs the protocols on <paramref name="data"/>.</summary>
    public static ExperimentResult Run(MLContext ml, PreparedData data, ExperimentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ExperimentOptions();
        var models = options.Models ?? (options.Variants is null && options.TwoStageVariants is null ? DefaultModels(options.Implicit) : []);
        var unknown = models.Except(ModelNames).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"Unknown model(s) {string.Join(", ", unknown)}; known: {string.Join(", ", ModelNames)}.", nameof(options));

        if (models.Contains(Oracle) && options.Truth is null)
            throw new ArgumentException(
                $"Model '{Oracle}' ranks by the pseudo generator's ground truth; set {nameof(ExperimentOptions)}.{nameof(ExperimentOptions.Truth)} " +
                "(the ablation does so for --data pseudo) or leave it out.", nameof(options));

        var curves = new TrainingCurves(options.OnEpoch);
        var comparisonOptions = new ComparisonOptions
        {
            Seed = options.Seed,
            TestFraction = options.TestFraction,
            ColdUserFraction = options.ColdUserFraction,
            ColdItemFraction = options.ColdItemFraction,
            NdcgCutoffs = [1, 3, 5, 10],
            CatalogCutoffs = [10, 50],
            OnModelFitted = options.OnStage,
            Implicit = options.Implicit,
        };
        var comparison = new RecommenderComparison(ml, comparisonOptions);
        var embeddings = EmbeddingColumns.Extractor(data);
        var variants = new List<TwoTowerVariant>();
        foreach (var name in models)
        {
            switch (name)
            {
                case MatrixFactorization:
                    comparison.Add(name, MatrixFactorizationEstimator(ml, options, UnseenKeyFallback.NaN));
                    break;
                case MatrixFactorizationItemBias:
                    comparison.Add(name, MatrixFactorizationEstimator(ml, options, UnseenKeyFallback.Zeros, biases: true));
                    break;
                case OneClassMatrixFactorization:
                    comparison.Add(name, OneClassEstimator(ml, options));
                    break;
                case TwoTower:
                    variants.Add(TwoTowerVariant.LibraryDefault);
                    break;
                case TwoTowerReference:
                    variants.Add(TwoTowerVariant.Reference);
                    break;
                case TwoStage:
                    comparison.Add(name, TwoStageEstimator(ml, data, options, curves.For(name)), TwoStageCatalog(data));
                    break;
                case Oracle:
                    comparison.AddFixed(name, new GeneratorTruthScorer(options.Truth!, data, comparisonOptions));
                    break;
            }
        }
        variants.AddRange(options.Variants ?? []);
        foreach (var variant in variants)
            comparison.Add(variant.Name, VariantEstimator(ml, data, options, variant, curves.For(variant.Name)), embeddings);
        foreach (var variant in options.TwoStageVariants ?? [])
            comparison.Add(variant.Name, TwoStageEstimator(ml, data, options, curves.For(variant.Name), variant.Configure), TwoStageCatalog(data));
        options.OnStage?.Invoke($"running {string.Join(", ", models.Concat(options.Variants?.Select(v => v.Name) ?? []).Concat(options.TwoStageVariants?.Select(v => v.Name) ?? []))} on {data.Dataset.Interactions.Count:N0} ratings");
        var report = comparison.Run(data.Interactions, data.TestInteractions);
        return new ExperimentResult(report, curves.Runs);
    }

    /// <summary>Trains the library-default Two-Tower model on all of <paramref name="data"/>'s interactions.</summary>
    public static TwoTowerTransformer TrainTwoTower(MLContext ml, PreparedData data, ExperimentOptions? options = null,
        IProgress<TwoTowerEpochProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ExperimentOptions();
        return ml.Ranking.Trainers.TwoTower(TrainerOptions(data, options, TwoTowerVariant.LibraryDefault, progress,
            PreparedData.UserFeatures, PreparedData.ItemFeatures)).Fit(data.Interactions);
    }

    /// <summary>
    /// The two-stage trainer over the library-default towers (the <see cref="TwoTower"/> model's options), its own
    /// options changed by <paramref name="configure"/> (a <see cref="TwoStageVariant"/>) when given.
    /// </summary>
    internal static TwoStageTrainer TwoStageEstimator(MLContext ml, PreparedData data, ExperimentOptions options,
        IProgress<TwoTowerEpochProgress>? progress, Action<TwoStageTrainer.Options>? configure = null)
    {
        var twoStage = new TwoStageTrainer.Options
        {
            Towers = TrainerOptions(data, options, TwoTowerVariant.LibraryDefault, progress, PreparedData.UserFeatures, PreparedData.ItemFeatures),
        };
        configure?.Invoke(twoStage);
        return ml.Ranking.Trainers.TwoStage(twoStage);
    }

    /// <summary>
    /// The two-stage model ranks a catalogue task by re-ranking its retrieval top-N among the task's candidate items,
    /// with every user and item of the dataset embedded once per fitted model (the comparison asks for a scorer once
    /// per task: full catalogue, cold items, …; the recommender does not depend on the task).
    /// </summary>
    private static CatalogScorerFactory TwoStageCatalog(PreparedData data)
    {
        var recommenders = new ConditionalWeakTable<ITransformer, TwoStageRecommender>();
        return (model, task) => recommenders
            .GetValue(model, fitted => ((TwoStageTransformer)fitted).CreateRecommender(data.UserRows(), data.ItemRows()))
            .CreateScorer(task.CandidateItems is null ? null : task.IsCandidate);
    }

    /// <summary>Our matrix factorization with the reference's rank.</summary>
    internal static IEstimator<ITransformer> MatrixFactorizationEstimator(MLContext ml, ExperimentOptions options, UnseenKeyFallback fallback,
        bool biases = false) =>
        ml.Ranking.Trainers.MatrixFactorization(new MatrixFactorizationTrainer.Options
        {
            ApproximationRank = options.FactorRank,
            NumberOfThreads = options.NumberOfThreads ?? 1,
            Seed = options.Seed,
            Quiet = true,
            UnseenKeyFallback = fallback,
            UseBiases = biases,
        });

    /// <summary>One-class matrix factorization with its implicit-feedback defaults, on the experiment's seed and threads.</summary>
    internal static IEstimator<ITransformer> OneClassEstimator(MLContext ml, ExperimentOptions options)
    {
        var oneClass = MatrixFactorizationTrainer.Options.ForImplicitFeedback();
        oneClass.ApproximationRank = options.FactorRank;
        oneClass.NumberOfThreads = options.NumberOfThreads ?? 1;
        oneClass.Seed = options.Seed;
        oneClass.Quiet = true;
        return ml.Ranking.Trainers.MatrixFactorization(oneClass);
    }

    /// <summary>
    /// The Two-Tower trainer of <paramref name="variant"/>: on the content features, or, for a variant with
    /// matrix-factorization features, on MF factors (mean factors for users without history) concatenated with them.
    /// </summary>
    internal static IEstimator<ITransformer> VariantEstimator(MLContext ml, PreparedData data, ExperimentOptions options,
        TwoTowerVariant variant, IProgress<TwoTowerEpochProgress>? progress)
    {
        if (!variant.MatrixFactorizationFeatures)
            return ml.Ranking.Trainers.TwoTower(TrainerOptions(data, options, variant, progress, PreparedData.UserFeatures, PreparedData.ItemFeatures));

        const string userInput = "UserBehaviourAndContent", itemInput = "ItemBehaviourAndContent";
        string[] userParts = data.HasUserFeatures ? [DefaultColumnNames.UserFactors, PreparedData.UserFeatures] : [DefaultColumnNames.UserFactors];
        string[] itemParts = data.HasItemFeatures ? [DefaultColumnNames.ItemFactors, PreparedData.ItemFeatures] : [DefaultColumnNames.ItemFactors];
        return MatrixFactorizationEstimator(ml, options, UnseenKeyFallback.MeanFactors)
            .Append(ml.Transforms.Concatenate(userInput, userParts))
            .Append(ml.Transforms.Concatenate(itemInput, itemParts))
            .Append(ml.Ranking.Trainers.TwoTower(TrainerOptions(data, options, variant, progress, userInput, itemInput, alwaysFeatures: true)));
    }

    /// <summary>
    /// The library's default options (PreparedData's columns are the default column names), then the variant's changes.
    /// </summary>
    private static TwoTowerTrainer.Options TrainerOptions(PreparedData data, ExperimentOptions options, TwoTowerVariant variant,
        IProgress<TwoTowerEpochProgress>? progress, string userFeatures, string itemFeatures, bool alwaysFeatures = false)
    {
        var trainer = new TwoTowerTrainer.Options
        {
            // A side without content reads only its learned id (MovieLens users have no profile).
            UserFeaturesColumnName = data.HasUserFeatures || alwaysFeatures ? userFeatures : null,
            ItemFeaturesColumnName = data.HasItemFeatures || alwaysFeatures ? itemFeatures : null,
            Seed = options.Seed,
            NumberOfThreads = options.NumberOfThreads,
            Progress = progress,
            CancellationToken = options.CancellationToken,
        };
        // Implicit mode replaces every label with ComparisonOptions.ImplicitLabel (1): every row is a positive.
        if (options.Implicit)
            trainer.PositiveThreshold = ComparisonOptions.ImplicitLabel;
        variant.Configure(trainer);
        if (options.Epochs is int epochs)
            trainer.NumberOfEpochs = epochs;
        return trainer;
    }

    /// <summary>Collects each Two-Tower fit's epochs (a model is fitted once per protocol).</summary>
    private sealed class TrainingCurves(Action<string, TwoTowerEpochProgress>? onEpoch)
    {
        public Dictionary<string, List<List<TwoTowerEpochProgress>>> Runs { get; } = new();

        public IProgress<TwoTowerEpochProgress> For(string model)
        {
            Runs[model] = new List<List<TwoTowerEpochProgress>>();
            return new SynchronousProgress<TwoTowerEpochProgress>(epoch =>
            {
                onEpoch?.Invoke(model, epoch);
                // A refit's epochs (RefitOnAllData) are not a fit of their own: the curve is the validated run's.
                if (epoch.Refit)
                    return;
                if (epoch.Epoch == 1 || Runs[model].Count == 0)
                    Runs[model].Add(new List<TwoTowerEpochProgress>());
                Runs[model][^1].Add(epoch);
            });
        }
    }
}
