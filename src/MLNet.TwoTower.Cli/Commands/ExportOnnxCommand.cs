using System.ComponentModel;
using Microsoft.ML;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Persistence;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary><c>twotower export-onnx</c>: writes a trained model's towers as standalone ONNX files for serving.</summary>
public sealed class ExportOnnxCommand(IAnsiConsole console) : Command<ExportOnnxCommand.Settings>
{
    /// <summary>Options of <c>export-onnx</c>.</summary>
    public sealed class Settings : CliSettings
    {
        /// <summary>Model folder.</summary>
        [CommandOption("--model <DIR>")]
        [Description("Folder written by 'twotower train'.")]
        public string Model { get; init; } = "";

        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>")]
        [Description("Folder for user_tower.onnx and item_tower.onnx.")]
        public string Out { get; init; } = "";

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) || string.IsNullOrWhiteSpace(Out)
                ? ValidationResult.Error("--model and --out are both required.")
                : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var parameters = TwoTowerParametersFile.Load(Path.Combine(settings.Model, ModelFolder.Parameters));
        var model = TwoTowerParametersFile.ToTransformer(new MLContext(), parameters);
        Directory.CreateDirectory(settings.Out);
        var user = Path.Combine(settings.Out, "user_tower.onnx");
        var item = Path.Combine(settings.Out, "item_tower.onnx");
        model.ExportOnnx(user, item);
        console.MarkupLine($"wrote [green]{Markup.Escape(Path.GetFullPath(user))}[/] and [green]{Markup.Escape(Path.GetFullPath(item))}[/]");
        return 0;
    }
}
