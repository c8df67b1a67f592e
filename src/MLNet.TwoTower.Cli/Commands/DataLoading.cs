using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Training;
using Spectre.Console;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary>
/// Loads and featurises the dataset a command names, with a status line while loading and a progress bar per table
/// while featurising, on the error console. Ctrl+C stops featurising at the next entity.
/// </summary>
internal static class DataLoading
{
    public static PreparedData LoadAndPrepare(ErrorConsole errors, MLContext ml, DataSettings settings, CancellationToken cancellationToken)
    {
        if (DatasetSource.ShadowWarning(settings.Data) is { } warning)
            errors.Warning(warning);
        var console = errors.Console;
        RecommendationDataset? dataset = null;
        console.Status().Start($"loading {settings.Data}", _ => dataset = DatasetSource.Load(settings.Data, settings.PseudoOptions()));
        console.MarkupLine($"dataset [bold]{Markup.Escape(settings.Data)}[/]: {dataset!.Interactions.Count:N0} ratings, " +
            $"{dataset.Users?.Count.ToString("N0") ?? "no"} user rows, {dataset.Items?.Count.ToString("N0") ?? "no"} item rows; seed {settings.Seed}");
        cancellationToken.ThrowIfCancellationRequested();

        PreparedData? data = null;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var options = settings.FeaturizerOptions();
                options.Progress = new SynchronousProgress<FeaturizationProgress>(report =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!tasks.TryGetValue(report.Table, out var task))
                        tasks[report.Table] = task = progress.AddTask($"featurising {report.Table} ({settings.Text})", maxValue: Math.Max(1, report.EntityCount));
                    task.Value = report.EntitiesDone;
                });
                data = PreparedData.Prepare(ml, dataset, options);
            });
        return data!;
    }
}
