using System.ComponentModel;
using Microsoft.ML;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Serving.Package;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary><c>twotower export-onnx</c>: writes a package's towers as standalone ONNX files for serving, both or neither.</summary>
public sealed class ExportOnnxCommand(IAnsiConsole console) : Command<ExportOnnxCommand.Settings>
{
    /// <summary>Options of <c>export-onnx</c>.</summary>
    public sealed class Settings : CliSettings
    {
        /// <summary>Package folder.</summary>
        [CommandOption("--model <DIR>")]
        [Description("Package folder written by 'twotower train'.")]
        public string Model { get; init; } = "";

        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>")]
        [Description("Folder for user_tower.onnx and item_tower.onnx (both are replaced, or neither).")]
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
        var parameters = RecommendationPackage.ReadParameters(settings.Model);
        var model = TwoTowerParametersFile.ToTransformer(new MLContext(), parameters);
        var (user, item) = OnnxExport.WriteBoth(model, settings.Out);
        console.MarkupLine($"wrote [green]{Markup.Escape(user)}[/] and [green]{Markup.Escape(item)}[/]");
        return 0;
    }
}
