using System.ComponentModel;
using Microsoft.ML;
using MLNet.TwoTower.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary><c>twotower compare</c>: the reference experiment on a dataset, as tables, JSON and charts.</summary>
public sealed class CompareCommand(IAnsiConsole console, ErrorConsole errors) : Command<CompareCommand.Settings>
{
    /// <summary>Options of <c>compare</c>.</summary>
    public sealed class Settings : DataSettings
    {
        /// <summary>Two-Tower epochs.</summary>
        [CommandOption("--epochs <N>")]
        [Description("Two-Tower training epochs (default: each configuration's own).")]
        public int? Epochs { get; init; }

        /// <summary>JSON output file.</summary>
        [CommandOption("--json <FILE>")]
        [Description("Write {warm, coldUsers, fullCatalog, coldItems} (with --implicit: {implicit, implicitColdUsers, implicitColdItems}) → model → metric → value (null where a model cannot score).")]
        public string? Json { get; init; }

        /// <summary>Chart folder.</summary>
        [CommandOption("--charts <DIR>")]
        [Description("Write PNG charts: nDCG@k per protocol, full-catalog metrics, training loss per epoch.")]
        public string? Charts { get; init; }

        /// <summary>Models to run.</summary>
        [CommandOption("--models <LIST>")]
        [Description("Comma-separated subset of MatrixFactorization,MatrixFactorizationItemBias,OneClassMatrixFactorization,TwoTower,TwoTowerReference,TwoStage (floors always run). Default: all but OneClassMatrixFactorization; with --implicit: OneClassMatrixFactorization,TwoTower.")]
        public string? Models { get; init; }

        /// <summary>Implicit feedback.</summary>
        [CommandOption("--implicit")]
        [Description("Implicit feedback: every interaction is a positive (ratings ignored). Ranks the whole catalogue on interactions.test.csv or a per-user 75/25 split, training items excluded, and reports nDCG@10, Precision@10, Recall@10 and MAP@10, also for cold users and cold items. Needed when every rating is the same.")]
        public bool Implicit { get; init; }

        /// <summary>Trainer threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("CPU threads per trainer (Two-Tower's TorchSharp and matrix factorization); default: each trainer's own. Use 1 on a shared or small machine.")]
        public int? Threads { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (Epochs <= 0)
                return ValidationResult.Error("--epochs must be at least 1.");
            if (Threads <= 0)
                return ValidationResult.Error("--threads must be at least 1.");
            var unknown = ModelList()?.Except(ReferenceExperiment.ModelNames).ToArray() ?? [];
            return unknown.Length > 0
                ? ValidationResult.Error($"--models: unknown {string.Join(", ", unknown)}; choose from {string.Join(", ", ReferenceExperiment.ModelNames)}.")
                : base.Validate();
        }

        internal string[]? ModelList() =>
            Models?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var ml = new MLContext(settings.Seed);
        var data = DataLoading.LoadAndPrepare(errors, ml, settings, cancellationToken);

        ExperimentResult? result = null;
        errors.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var baselines = progress.AddTask("baselines and evaluation").IsIndeterminate();
                ProgressTask? current = null;
                result = ReferenceExperiment.Run(ml, data, new ExperimentOptions
                {
                    Seed = settings.Seed,
                    Epochs = settings.Epochs,
                    Models = settings.ModelList(),
                    Implicit = settings.Implicit,
                    NumberOfThreads = settings.Threads,
                    CancellationToken = cancellationToken,
                    OnEpoch = (model, epoch) =>
                    {
                        // A refit on all the data (RefitOnAllData) counts its epochs from 1 again: its own bar.
                        var name = epoch.Refit ? $"{model} (refit on all data)" : model;
                        if (epoch.Epoch == 1 || current is null)
                            current = progress.AddTask(name, maxValue: epoch.NumberOfEpochs);
                        current.Value = epoch.Epoch;
                        current.Description = $"{name}: epoch {epoch.Epoch}/{epoch.NumberOfEpochs}, loss {epoch.Loss:F3}";
                    },
                });
                baselines.Value = baselines.MaxValue;
                baselines.StopTask();
            });

        ResultWriter.WriteTables(console, result!);
        if (settings.Json is { } json)
        {
            result!.WriteSummaryJson(json);
            console.MarkupLine($"JSON: [green]{Markup.Escape(Path.GetFullPath(json))}[/]");
        }
        if (settings.Charts is { } charts)
        {
            foreach (var file in ResultWriter.WriteCharts(result!, charts))
                console.MarkupLine($"chart: [green]{Markup.Escape(file)}[/]");
        }
        return 0;
    }
}
