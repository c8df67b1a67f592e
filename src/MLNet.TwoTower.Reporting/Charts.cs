using MLNet.TwoTower.IO;
using ScottPlot;

namespace MLNet.TwoTower.Reporting;

/// <summary>
/// Writes the PNG charts that sit next to printed tables (metrics across k, loss curves, grouped comparisons).
/// Files are written atomically. Text needs a font: on Debian install <c>fonts-dejavu-core</c>, else labels are blank.
/// </summary>
public static class Charts
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 540;

    /// <summary>A line chart with one line (and markers) per series.</summary>
    public static void WriteLineChart(string path, string title, string xLabel, string yLabel,
        IEnumerable<ChartSeries> series, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot(title, xLabel, yLabel);
        int count = 0;
        foreach (var s in series)
        {
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} x values but {s.Y.Count} y values.", nameof(series));
            var scatter = plot.Add.Scatter(s.X.ToArray(), s.Y.ToArray());
            scatter.LegendText = s.Name;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 6;
            count++;
        }
        if (count == 0)
            throw new ArgumentException("A chart needs at least one series.", nameof(series));
        plot.ShowLegend(Alignment.LowerRight);
        Save(plot, path, width, height);
    }

    /// <summary>
    /// A grouped bar chart: one group per entry of <paramref name="groups"/> (e.g. metrics), one bar per series
    /// (e.g. models) in each group. A null value leaves its bar out (a model that cannot score).
    /// </summary>
    public static void WriteGroupedBarChart(string path, string title, string yLabel, IReadOnlyList<string> groups,
        IReadOnlyList<(string Name, IReadOnlyList<double?> Values)> series, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(series);
        if (groups.Count == 0 || series.Count == 0)
            throw new ArgumentException("A bar chart needs at least one group and one series.");
        var plot = NewPlot(title, "", yLabel);
        var palette = new ScottPlot.Palettes.Category10();
        int barsPerGroup = series.Count;
        for (int s = 0; s < series.Count; s++)
        {
            var (name, values) = series[s];
            if (values.Count != groups.Count)
                throw new ArgumentException($"Series '{name}' has {values.Count} values for {groups.Count} groups.", nameof(series));
            var bars = new List<Bar>();
            for (int g = 0; g < groups.Count; g++)
            {
                if (values[g] is not double v)
                    continue;
                bars.Add(new Bar
                {
                    Position = g * (barsPerGroup + 1) + s,
                    Value = v,
                    FillColor = palette.GetColor(s),
                });
            }
            var barPlot = plot.Add.Bars(bars);
            barPlot.LegendText = name;
            barPlot.Color = palette.GetColor(s);
        }
        var ticks = groups.Select((g, i) => new Tick(i * (barsPerGroup + 1) + (barsPerGroup - 1) / 2.0, g)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        // Headroom above the tallest bar keeps the legend off the bars.
        plot.Axes.Margins(bottom: 0, top: 0.3);
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path, width, height);
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static void Save(Plot plot, string path, int width, int height)
    {
        var bytes = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
    }
}
