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
        [Description("Write {warm, coldUsers, fullCatalog} → model → metric → value (null where a model cannot score).")]
        public string? Json { get; init; }

        /// <summary>Chart folder.</summary>
        [CommandOption("--charts <DIR>")]
        [Description("Write PNG charts: nDCG@k per protocol, full-catalog metrics, training loss per epoch.")]
        public string? Charts { get; init; }

        /// <summary>Models to run.</summary>
        [CommandOption("--models <LIST>")]
        [Description("Comma-separated subset of MatrixFactorization,MatrixFactorizationItemBias,TwoTower,TwoTowerReference (floors always run).")]
        public string? Models { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (Epochs <= 0)
                return ValidationResult.Error("--epochs must be at least 1.");
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
                    CancellationToken = cancellationToken,
                    OnEpoch = (model, epoch) =>
                    {
                        if (epoch.Epoch == 1 || current is null)
                            current = progress.AddTask(model, maxValue: epoch.NumberOfEpochs);
                        current.Value = epoch.Epoch;
                        current.Description = $"{model}: epoch {epoch.Epoch}/{epoch.NumberOfEpochs}, loss {epoch.Loss:F3}";
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
