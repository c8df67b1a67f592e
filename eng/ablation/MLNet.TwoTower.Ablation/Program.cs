using System.Diagnostics;
using Microsoft.ML;
using MLNet.TwoTower.Ablation;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Experiments.Ablation;
using MLNet.TwoTower.IO;
using MLNet.TwoTower.Reporting;
using Spectre.Console;

// The ablation of issue 6: floors, baselines and the Two-Tower ladder on each dataset, every protocol of docs/protocols.md,
// mean ± std over seeds. Writes ablation.md (the README's tables), <dataset>.json (every value) and <dataset>.png.
AblationArguments arguments;
try
{
    arguments = AblationArguments.Parse(args);
}
catch (Exception error) when (error is ArgumentException or FormatException)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

Directory.CreateDirectory(arguments.Output);
// Logs go to files more often than to terminals; a redirected console would otherwise wrap the tables at 80 columns.
if (Console.IsOutputRedirected)
    AnsiConsole.Profile.Width = 180;
var clock = Stopwatch.StartNew();
void Log(string line) => AnsiConsole.MarkupLineInterpolated($"[grey]{clock.Elapsed:hh\\:mm\\:ss}[/] {line}");
var sections = new List<string>();
foreach (var dataset in arguments.Datasets)
{
    var ml = new MLContext(arguments.Seeds[0]);
    Log($"loading and featurising {dataset} ({arguments.Text} text features, each entity once)");
    var (loaded, truth) = DatasetSource.LoadWithTruth(dataset);
    var data = PreparedData.Prepare(ml, loaded, new EntityFeaturizerOptions { Text = arguments.Text });
    Log($"{dataset}: {data.Dataset.Interactions.Count:N0} interactions, {data.UserIds.Count:N0} users, {data.ItemIds.Count:N0} items, " +
        $"feature widths user {data.Features.Users?.Dimension ?? 0} / item {data.Features.Items?.Dimension ?? 0}");
    var result = AblationStudy.Run(ml, dataset, data, new AblationStudyOptions
    {
        Seeds = arguments.Seeds,
        Baselines = arguments.Baselines,
        Variants = arguments.Variants,
        TwoStageVariants = arguments.TwoStageVariants,
        Epochs = arguments.Epochs,
        NumberOfThreads = arguments.Threads,
        ColdUserFraction = arguments.ColdUserFraction,
        ColdItemFraction = arguments.ColdItemFraction,
        Implicit = arguments.Implicit,
        Truth = truth,
        OnStage = Log,
        OnEpoch = arguments.Verbose ? (model, epoch) => Log($"  {model}: {epoch}") : null,
    });

    var table = new ResultTable($"{dataset}: mean over seeds {string.Join(", ", result.Seeds)} (± std in {dataset}.json / ablation.md)", "model",
        result.Headline.Select(m => m.Label).ToArray());
    foreach (var row in result.Rows)
        table.AddRow(row.Model, result.Headline.Select(m => row.Get(m).Mean).ToArray());
    table.Write();
    foreach (var target in result.Rows.Any(r => r.Model == ReferenceExperiment.TwoTower) ? result.Targets() : [])
        AnsiConsole.MarkupLine($"[{(target.Met ? "green" : "red")}]{Markup.Escape(target.ToString())}[/]");

    var name = string.Concat(dataset.Split(Path.GetInvalidFileNameChars())) + (arguments.Implicit ? "-implicit" : "");
    result.WriteJson(Path.Combine(arguments.Output, $"{name}.json"));
    table.WriteBarChart(Path.Combine(arguments.Output, $"{name}.png"), "mean over seeds");
    sections.Add(result.ToMarkdown() + $"\n{dataset}: {result.Elapsed:hh\\:mm\\:ss} wall for {result.Seeds.Count} seeds.\n");
}

AtomicFile.WriteAllText(Path.Combine(arguments.Output, "ablation.md"), string.Join(Environment.NewLine, sections));
Log($"done: {Path.GetFullPath(arguments.Output)} (ablation.md, per-dataset .json and .png)");
return 0;
