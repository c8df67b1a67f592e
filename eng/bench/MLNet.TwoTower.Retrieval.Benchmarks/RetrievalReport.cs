using System.Globalization;
using MLNet.TwoTower.IO;
using MLNet.TwoTower.Reporting;

namespace MLNet.TwoTower.Retrieval.Benchmarks;

/// <summary>
/// Writes one catalogue size's rows next to the printed table: <c>retrieval-{source}-{n}.csv</c> and a chart
/// <c>retrieval-{source}-{n}.png</c> of recall@10 against queries/s on one thread (log scale), one line per
/// M/efConstruction build with a labelled point per efSearch, and exact search as a dashed reference line. Both are
/// written atomically; a file per size keeps a chart and its table from the same run.
/// </summary>
internal static class RetrievalReport
{
    public static (string Csv, string Chart) Write(string folder, string source, int items, int queries, int cores,
        IReadOnlyList<BenchmarkRow> rows)
    {
        var exact = rows.Single(r => r.Hnsw is null);
        string stem = Path.Combine(folder, $"retrieval-{source}-{items}");
        string csv = stem + ".csv", chart = stem + ".png";
        AtomicFile.WriteAllText(csv, string.Join('\n', rows.Select(r => r.ToCsv(cores)).Prepend(BenchmarkRow.CsvHeader)) + "\n");

        var series = rows.Where(r => r.Hnsw is not null)
            .GroupBy(r => (r.Hnsw!.Value.M, r.Hnsw.Value.EfConstruction, r.Hnsw.Value.PrecisionSuffix))
            .Select(g => new ChartSeries($"HNSW M={g.Key.M} efC={g.Key.EfConstruction}{g.Key.PrecisionSuffix}",
                g.Select(r => r.Measured.Recall).ToArray(),
                g.Select(r => r.Measured.Single).ToArray(),
                g.Select(r => r.Hnsw!.Value.EfSearch.ToString(CultureInfo.InvariantCulture)).ToArray()))
            .ToArray();
        if (series.Length == 0)
            throw new ArgumentException("The chart needs at least one HNSW row.", nameof(rows));
        Charts.WriteLineChart(chart,
            string.Create(CultureInfo.InvariantCulture, $"{items:N0} items, {queries:N0} queries ({source} embeddings): recall@10 vs queries/s"),
            "recall@10 (share of the exact top-10 ids returned); point labels: efSearch", "queries/s, 1 thread (log scale)", series,
            new LineChartOptions
            {
                LogY = true,
                ReferenceLines = [new ReferenceLine(string.Create(CultureInfo.InvariantCulture,
                    $"exact search (recall 1): {exact.Measured.Single:N0} q/s"), exact.Measured.Single)],
            });
        return (csv, chart);
    }
}
