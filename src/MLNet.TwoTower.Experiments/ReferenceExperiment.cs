using Microsoft.ML;
using MLNet.TwoTower.Baselines;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Experiments;

/// <summary>
/// The experiment this project starts from, on any prepared dataset: matrix factorization against Two-Tower models on
/// warm users (reference protocol, nDCG@k through ML.NET's ranking evaluator), cold-start users, and full-catalog
/// retrieval, with random and popularity floors (DESIGN §4).
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

    /// <summary>Every model the experiment knows, in table order.</summary>
    public static IReadOnlyList<string> ModelNames { get; } = [MatrixFactorization, TwoTower, TwoTowerReference];

    /// <summary>Runs the protocols on <paramref name="data"/>.</summary>
    public static ExperimentResult Run(MLContext ml, PreparedData data, ExperimentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ExperimentOptions();
        var models = options.Models ?? ModelNames;
        var unknown = models.Except(ModelNames).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"Unknown model(s) {string.Join(", ", unknown)}; known: {string.Join(", ", ModelNames)}.", nameof(options));

        var curves = new TrainingCurves(options.OnEpoch);
        var comparison = new RecommenderComparison(ml, new ComparisonOptions
        {
            UserColumnName = PreparedData.UserKey,
            ItemColumnName = PreparedData.ItemKey,
            LabelColumnName = PreparedData.Rating,
            Seed = options.Seed,
            TestFraction = options.TestFraction,
            ColdUserFraction = options.ColdUserFraction,
            NdcgCutoffs = [1, 3, 5, 10],
            CatalogCutoffs = [10, 50],
        });
        var embeddings = EmbeddingColumns.Extractor(data);
        foreach (var name in models)
        {
            switch (name)
            {
                case MatrixFactorization:
                    comparison.Add(name, MatrixFactorizationEstimator(ml, options, UnseenKeyFallback.NaN));
                    break;
                case TwoTower:
                    comparison.Add(name, TwoTowerEstimator(ml, data, options, curves.For(name), reference: false), embeddings);
                    break;
                case TwoTowerReference:
                    comparison.Add(name, ReferenceEstimator(ml, data, options, curves.For(name)), embeddings);
                    break;
            }
        }
        options.OnStage?.Invoke($"running {string.Join(", ", models)} on {data.Dataset.Interactions.Count:N0} ratings");
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
        var estimator = (TwoTowerTrainer)TwoTowerEstimator(ml, data, options, progress, reference: false);
        return estimator.Fit(data.Interactions);
    }

    /// <summary>Our matrix factorization with the reference's rank.</summary>
    internal static IEstimator<ITransformer> MatrixFactorizationEstimator(MLContext ml, ExperimentOptions options, UnseenKeyFallback fallback) =>
        ml.Ranking.Trainers.MatrixFactorization(new MatrixFactorizationTrainer.Options
        {
            MatrixRowIndexColumnName = PreparedData.UserKey,
            MatrixColumnIndexColumnName = PreparedData.ItemKey,
            LabelColumnName = PreparedData.Rating,
            ApproximationRank = options.FactorRank,
            NumberOfThreads = options.NumberOfThreads ?? 1,
            Seed = options.Seed,
            Quiet = true,
            UnseenKeyFallback = fallback,
        });

    /// <summary>
    /// The Two-Tower trainer on the content features: the library's defaults (learned ids with id dropout, logQ
    /// correction, accidental-hit removal, validation with early stopping), or, with <paramref name="reference"/>, the
    /// reference experiment's plain setup (features only, uncorrected in-batch softmax, fixed epochs).
    /// </summary>
    internal static IEstimator<ITransformer> TwoTowerEstimator(MLContext ml, PreparedData data, ExperimentOptions options,
        IProgress<TwoTowerEpochProgress>? progress, bool reference, string? userFeatures = "UserFeatures", string? itemFeatures = "ItemFeatures")
    {
        var trainer = new TwoTowerTrainer.Options
        {
            UserIdColumnName = PreparedData.UserKey,
            ItemIdColumnName = PreparedData.ItemKey,
            // A side without content reads only its learned id (MovieLens users have no profile).
            UserFeaturesColumnName = data.HasUserFeatures || reference ? userFeatures : null,
            ItemFeaturesColumnName = data.HasItemFeatures || reference ? itemFeatures : null,
            LabelColumnName = PreparedData.Rating,
            Seed = options.Seed,
            NumberOfThreads = options.NumberOfThreads,
            Progress = progress,
        };
        if (reference)
        {
            trainer.SamplingBiasCorrection = SamplingBiasCorrection.None;
            trainer.RemoveAccidentalHits = false;
            trainer.UniformNegativeCount = 0;
            trainer.UserIdEmbeddingSize = 0;
            trainer.ItemIdEmbeddingSize = 0;
            trainer.ValidationFraction = 0;
        }
        if (options.Epochs is int epochs)
            trainer.NumberOfEpochs = epochs;
        return ml.Ranking.Trainers.TwoTower(trainer);
    }

    /// <summary>MF factors (mean factor for users without history) concatenated with content, then the towers.</summary>
    internal static IEstimator<ITransformer> ReferenceEstimator(MLContext ml, PreparedData data, ExperimentOptions options,
        IProgress<TwoTowerEpochProgress> progress)
    {
        const string userInput = "UserBehaviourAndContent", itemInput = "ItemBehaviourAndContent";
        string[] userParts = data.HasUserFeatures ? ["UserFactors", "UserFeatures"] : ["UserFactors"];
        string[] itemParts = data.HasItemFeatures ? ["ItemFactors", "ItemFeatures"] : ["ItemFactors"];
        return MatrixFactorizationEstimator(ml, options, UnseenKeyFallback.MeanFactors)
            .Append(ml.Transforms.Concatenate(userInput, userParts))
            .Append(ml.Transforms.Concatenate(itemInput, itemParts))
            .Append(TwoTowerEstimator(ml, data, options, progress, reference: true, userInput, itemInput));
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
                if (epoch.Epoch == 1 || Runs[model].Count == 0)
                    Runs[model].Add(new List<TwoTowerEpochProgress>());
                Runs[model][^1].Add(epoch);
                onEpoch?.Invoke(model, epoch);
            });
        }
    }
}
