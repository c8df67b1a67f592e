using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Reporting;
using MLNet.TwoTower.Training;
using Spectre.Console;

namespace MLNet.TwoTower.Cli;

/// <summary>Prints an experiment's tables and writes its charts.</summary>
internal static class ResultWriter
{
    public static IReadOnlyList<ResultTable> Tables(ExperimentResult result)
    {
        var tables = new List<ResultTable>();
        foreach (var (key, models) in result.Summary())
        {
            var metrics = models.Values.First().Keys.ToArray();
            var table = new ResultTable(Protocol.FromKey(key).Title, "model", metrics);
            foreach (var (model, values) in models)
                table.AddRow(model, metrics.Select(m => values[m]).ToArray());
            tables.Add(table);
        }
        return tables;
    }

    public static void WriteTables(IAnsiConsole console, ExperimentResult result)
    {
        foreach (var table in Tables(result))
            table.Write(console);
        foreach (var table in result.Report.Tables)
            console.MarkupLine($"[grey]{Markup.Escape(table.Protocol.Label)}: {Markup.Escape(table.Description)}[/]");
    }

    /// <summary>Writes the PNG charts into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> WriteCharts(ExperimentResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        var summary = result.Summary();
        foreach (var protocol in Protocol.All.Where(p => p.RanksRatedItems))
        {
            if (!summary.TryGetValue(protocol.Key, out var models))
                continue;
            // k as categories (1, 3, 5, 10 evenly spaced): the metrics are named cut-offs, not points on a scale.
            var cutoffs = protocol.HeadlineMetrics;
            var series = models
                .Where(m => m.Value.Values.All(v => v.HasValue))
                .Select(m => new ChartSeries(m.Key,
                    cutoffs.Select((_, position) => (double)position).ToArray(),
                    cutoffs.Select(metric => m.Value[metric]!.Value).ToArray()))
                .ToArray();
            var path = Path.Combine(folder, $"{protocol.Key}-ndcg.png");
            Charts.WriteLineChart(path, protocol.Title, "k", "nDCG@k", series,
                new LineChartOptions { XCategories = cutoffs.Select(metric => metric.Split('@')[1]).ToArray() });
            written.Add(path);
        }
        var tables = Tables(result);
        foreach (var protocol in Protocol.All.Where(p => !p.RanksRatedItems))
        {
            if (tables.FirstOrDefault(t => t.Title == protocol.Title) is not { } table)
                continue;
            var path = Path.Combine(folder, $"{protocol.Key}.png");
            table.WriteBarChart(path, "metric value");
            written.Add(path);
        }
        var curves = result.TrainingRuns
            .Where(r => r.Value.Count > 0 && r.Value[0].Count > 0)
            .Select(r => TrainingCurve($"{r.Key} (warm split)", r.Value[0]))
            .ToArray();
        if (curves.Length > 0)
        {
            int topK = result.TrainingRuns.Values.SelectMany(runs => runs).SelectMany(run => run).Select(e => e.ValidationTopK).FirstOrDefault(k => k > 0);
            var path = Path.Combine(folder, "training-loss.png");
            Charts.WriteTrainingChart(path, "Two-Tower training: loss per epoch and validation recall (the kept epoch dotted)",
                "training loss", topK > 0 ? $"validation Recall@{topK}" : "validation", curves);
            written.Add(path);
        }
        return written;
    }

    /// <summary>One fit's epochs as a chart curve: loss, validation recall, and the epoch whose weights were kept.</summary>
    private static TrainingCurve TrainingCurve(string name, IReadOnlyList<TwoTowerEpochProgress> epochs) => new(
        name,
        epochs.Select(e => e.Epoch).ToArray(),
        epochs.Select(e => (double)e.Loss).ToArray(),
        epochs.Any(e => e.ValidationRecall is not null) ? epochs.Select(e => (double?)e.ValidationRecall).ToArray() : null,
        epochs[^1].BestEpoch > 0 ? epochs[^1].BestEpoch : null);
}
