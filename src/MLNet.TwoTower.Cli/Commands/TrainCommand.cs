using System.ComponentModel;
using Microsoft.ML;
using MLNet.TwoTower.Experiments;
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
        [Description("Folder for model.zip, parameters.json, the feature pipelines and keys.json.")]
        public string Out { get; init; } = "";

        /// <summary>Epochs.</summary>
        [CommandOption("--epochs <N>")]
        [Description("Training epochs (default: the trainer's).")]
        public int? Epochs { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out is required: the folder to save the model in.")
            : Epochs <= 0 ? ValidationResult.Error("--epochs must be at least 1.")
            : base.Validate();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var ml = new MLContext(settings.Seed);
        var data = DataLoading.LoadAndPrepare(errors, ml, settings, cancellationToken);
        TwoTowerTransformer? model = null;
        errors.Console.Progress().Start(progress =>
        {
            ProgressTask? task = null;
            model = ReferenceExperiment.TrainTwoTower(ml, data, new ExperimentOptions { Seed = settings.Seed, Epochs = settings.Epochs, CancellationToken = cancellationToken },
                new SynchronousProgress<TwoTowerEpochProgress>(epoch =>
                {
                    task ??= progress.AddTask("training", maxValue: epoch.NumberOfEpochs);
                    task.Value = epoch.Epoch;
                    task.Description = $"epoch {epoch.Epoch}/{epoch.NumberOfEpochs}, loss {epoch.Loss:F3}, {epoch.ExamplesPerSecond:N0} examples/s";
                }));
        });
        ModelFolder.Save(settings.Out, ml, model!, data);
        console.MarkupLine($"model saved in [green]{Markup.Escape(Path.GetFullPath(settings.Out))}[/]");
        return 0;
    }
}
