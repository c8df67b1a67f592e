using System.ComponentModel;
using System.Globalization;
using Microsoft.ML;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Serving.Package;
using MLNet.TwoTower.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary><c>twotower train</c>: fits the library-default Two-Tower model on all interactions and saves it.</summary>
public sealed class TrainCommand(IAnsiConsole console, ErrorConsole errors) : Command<TrainCommand.Settings>
{
    /// <summary>Options of <c>train</c>.</summary>
    public sealed class Settings : DataSettings
    {
        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>")]
        [Description("Package folder: a new version (model, user feature pipeline, ids, embeddings, item index, seen items, metadata, manifest) is written beside the old one and switched to atomically.")]
        public string Out { get; init; } = "";

        /// <summary>Epochs.</summary>
        [CommandOption("--epochs <N>")]
        [Description("Training epochs (default: the trainer's).")]
        public int? Epochs { get; init; }

        /// <summary>How an HNSW item index stores vectors.</summary>
        [CommandOption("--index-precision <PRECISION>")]
        [Description("HNSW item index vectors: float32 (default) or float16 (faster searches on large catalogues, scores still exact; the index file grows by the 32-bit vectors). Exact search (catalogues up to 100,000 items) ignores it.")]
        public string IndexPrecision { get; init; } = "float32";

        internal ItemVectorPrecision VectorPrecision =>
            string.Equals(IndexPrecision, "float16", StringComparison.OrdinalIgnoreCase) ? ItemVectorPrecision.Float16 : ItemVectorPrecision.Float32;

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out is required: the folder to save the model in.")
            : Epochs <= 0 ? ValidationResult.Error("--epochs must be at least 1.")
            : !string.Equals(IndexPrecision, "float32", StringComparison.OrdinalIgnoreCase) && !string.Equals(IndexPrecision, "float16", StringComparison.OrdinalIgnoreCase)
                ? ValidationResult.Error($"--index-precision must be float32 or float16; got '{IndexPrecision}'.")
            : base.Validate();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var ml = new MLContext(settings.Seed);
        var data = DataLoading.LoadAndPrepare(errors, ml, settings, cancellationToken);
        TwoTowerTransformer? model = null;
        TwoTowerEpochProgress? last = null;
        var refitEpochs = 0;
        var started = DateTimeOffset.UtcNow;
        errors.Console.Progress().Start(progress =>
        {
            ProgressTask? task = null;
            model = ReferenceExperiment.TrainTwoTower(ml, data, new ExperimentOptions { Seed = settings.Seed, Epochs = settings.Epochs, CancellationToken = cancellationToken },
                new SynchronousProgress<TwoTowerEpochProgress>(epoch =>
                {
                    // A refit on all the data (RefitOnAllData) counts its epochs from 1 again, on its own bar; the
                    // metrics describe the validated run and say how long the refit was.
                    if (epoch.Refit)
                    {
                        if (refitEpochs++ == 0)
                            task = progress.AddTask("refit on all data", maxValue: epoch.NumberOfEpochs);
                    }
                    else
                    {
                        last = epoch;
                    }
                    task ??= progress.AddTask("training", maxValue: epoch.NumberOfEpochs);
                    task.Value = epoch.Epoch;
                    task.Description = $"{(epoch.Refit ? "refit, " : "")}epoch {epoch.Epoch}/{epoch.NumberOfEpochs}, loss {epoch.Loss:F3}, {epoch.ExamplesPerSecond:N0} examples/s";
                }));
        });
        var metadata = new PackageMetadata
        {
            Dataset = settings.Data,
            Seed = settings.Seed,
            TrainingStartedUtc = started,
            TrainingFinishedUtc = DateTimeOffset.UtcNow,
            TextFeaturizer = settings.FeaturizerOptions().Text.ToString(),
            Options = new Dictionary<string, string>
            {
                ["variant"] = TwoTowerVariant.LibraryDefault.Name,
                ["epochs"] = settings.Epochs?.ToString(CultureInfo.InvariantCulture) ?? "trainer default",
                ["text"] = settings.Text,
            },
            Metrics = Metrics(last, model!.Parameters.Choices, refitEpochs),
        };
        if (model.Parameters.Choices is { } choices)
            console.MarkupLine($"chosen on the validation slice: {Markup.Escape(choices.ToString())}");
        var content = TrainedPackage.Content(model!, data, metadata) with { IndexOptions = new ItemIndexOptions { VectorPrecision = settings.VectorPrecision } };
        var version = RecommendationPackage.Save(settings.Out, ml, content);
        console.MarkupLine($"package saved in [green]{Markup.Escape(Path.GetFullPath(settings.Out))}[/] (version {Markup.Escape(Path.GetFileName(version))})");
        return 0;
    }

    /// <summary>
    /// The run's figures for the package metadata (and <c>GET /model</c>). The validation figures are the kept epoch's,
    /// with the values chosen on the validation slice, not the last epoch's: the package serves the kept one.
    /// </summary>
    private static Dictionary<string, double> Metrics(TwoTowerEpochProgress? last, TwoTowerFitChoices? choices, int refitEpochs)
    {
        var metrics = new Dictionary<string, double>();
        if (last is null)
            return metrics;
        metrics["epochs"] = last.Epoch;
        if (refitEpochs > 0)
            metrics["refitEpochs"] = refitEpochs;
        metrics["finalLoss"] = last.Loss;
        metrics["examplesPerSecond"] = last.ExamplesPerSecond;
        if (choices?.ValidationRecall is not float recall)
            return metrics;
        metrics["bestEpoch"] = choices.Epoch;
        metrics[$"validationRecall@{choices.ValidationTopK}"] = recall;
        if (choices.ValidationNdcg is float ndcg)
            metrics[$"validationNdcg@{choices.ValidationTopK}"] = ndcg;
        metrics["popularityPriorWeight"] = choices.PopularityPriorWeight;
        metrics["scoreMix"] = choices.ScoreMix;
        return metrics;
    }
}
