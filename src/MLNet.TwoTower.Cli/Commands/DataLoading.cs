using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Experiments;
using Spectre.Console;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary>Loads and featurises the dataset a command names, showing what it is doing.</summary>
internal static class DataLoading
{
    public static PreparedData LoadAndPrepare(IAnsiConsole console, MLContext ml, DataSettings settings)
    {
        PreparedData? data = null;
        console.Status().Start($"loading {settings.Data}", status =>
        {
            var dataset = DatasetSource.Load(settings.Data, settings.PseudoOptions());
            console.MarkupLine($"dataset [bold]{Markup.Escape(settings.Data)}[/]: {dataset.Interactions.Count:N0} ratings, " +
                $"{dataset.Users?.Count.ToString("N0") ?? "no"} user rows, {dataset.Items?.Count.ToString("N0") ?? "no"} item rows; seed {settings.Seed}");
            status.Status($"featurising users and items ({settings.Text} text features; each entity once)");
            data = PreparedData.Prepare(ml, dataset, settings.FeaturizerOptions());
        });
        return data!;
    }
}
