using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Reporting;
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
            var series = models
                .Where(m => m.Value.Values.All(v => v.HasValue))
                .Select(m => new ChartSeries(m.Key,
                    m.Value.Keys.Select(k => (double)int.Parse(k.Split('@')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                    m.Value.Values.Select(v => v!.Value).ToArray()))
                .ToArray();
            var path = Path.Combine(folder, $"{protocol.Key}-ndcg.png");
            Charts.WriteLineChart(path, protocol.Title, "k", "nDCG@k", series);
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
            .Where(r => r.Value.Count > 0)
            .Select(r => new ChartSeries($"{r.Key} (warm split)",
                r.Value[0].Select(e => (double)e.Epoch).ToArray(),
                r.Value[0].Select(e => (double)e.Loss).ToArray()))
            .ToArray();
        if (curves.Length > 0)
        {
            var path = Path.Combine(folder, "training-loss.png");
            Charts.WriteLineChart(path, "Two-Tower training loss (InfoNCE, in-batch negatives)", "epoch", "loss", curves);
            written.Add(path);
        }
        return written;
    }
}
