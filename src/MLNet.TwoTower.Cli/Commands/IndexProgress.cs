using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Training;
using Spectre.Console;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary>A progress bar on the error console while an item index is built (HNSW builds take minutes past 100k items).</summary>
internal static class IndexProgress
{
    public static T Show<T>(ErrorConsole errors, Func<IProgress<ItemIndexBuildProgress>, T> build)
    {
        T result = default!;
        errors.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                ProgressTask? task = null;
                result = build(new SynchronousProgress<ItemIndexBuildProgress>(report =>
                {
                    task ??= progress.AddTask("indexing items", maxValue: Math.Max(1, report.ItemCount));
                    task.Value = report.ItemsAdded;
                }));
            });
        return result;
    }
}
