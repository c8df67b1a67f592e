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
        IEnumerable<ChartSeries> series, int width = DefaultWidth, int height = DefaultHeight) =>
        WriteLineChart(path, title, xLabel, yLabel, series, new LineChartOptions { Width = width, Height = height });

    /// <summary>
    /// A line chart with one line (and markers) per series, optionally on a logarithmic y axis, with labelled points
    /// (<see cref="ChartSeries.PointLabels"/>) and horizontal reference lines.
    /// </summary>
    public static void WriteLineChart(string path, string title, string xLabel, string yLabel,
        IEnumerable<ChartSeries> series, LineChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Save(LineChart(title, xLabel, yLabel, series, options), path, options.Width, options.Height);
    }

    /// <summary>Builds the plot of <see cref="WriteLineChart(string, string, string, string, IEnumerable{ChartSeries}, LineChartOptions)"/>.</summary>
    internal static Plot LineChart(string title, string xLabel, string yLabel, IEnumerable<ChartSeries> series, LineChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        var plot = NewPlot(title, xLabel, yLabel);
        // ScottPlot 5 has no log axis: plot log10(y) and label the ticks with y (LogAxisTicks).
        double Scale(double y, string what)
        {
            if (!options.LogY)
                return y;
            if (!(y > 0) || double.IsInfinity(y))
                throw new ArgumentException($"{what} has y = {y}; a logarithmic y axis needs positive, finite values.", nameof(series));
            return Math.Log10(y);
        }
        var plotted = new List<double>();
        int count = 0;
        foreach (var s in series)
        {
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} x values but {s.Y.Count} y values.", nameof(series));
            if (s.PointLabels is { } labels && labels.Count != s.X.Count)
                throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} points but {labels.Count} point labels.", nameof(series));
            var ys = s.Y.Select((y, i) => Scale(y, $"Series '{s.Name}' point {i}")).ToArray();
            plotted.AddRange(ys);
            var scatter = plot.Add.Scatter(s.X.ToArray(), ys);
            scatter.LegendText = s.Name;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 6;
            for (int i = 0; i < (s.PointLabels?.Count ?? 0); i++)
            {
                var text = plot.Add.Text(s.PointLabels![i], s.X[i], ys[i]);
                text.LabelFontSize = 11;
                text.LabelFontColor = scatter.Color;
                text.LabelAlignment = Alignment.MiddleLeft;
                text.LabelOffsetX = 6;
            }
            count++;
        }
        if (count == 0)
            throw new ArgumentException("A chart needs at least one series.", nameof(series));
        foreach (var reference in options.ReferenceLines)
        {
            double y = Scale(reference.Y, $"Reference line '{reference.Name}'");
            plotted.Add(y);
            var line = plot.Add.HorizontalLine(y);
            line.LegendText = reference.Name;
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 2;
        }
        if (options.LogY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(LogAxisTicks.For(plotted.Min(), plotted.Max()));
            plot.Grid.MinorLineWidth = 1;
        }
        if (options.LegendBelow)
            plot.ShowLegend(Edge.Bottom);
        else
            plot.ShowLegend(Alignment.LowerRight);
        return plot;
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
        var palette = PaletteFor(series.Count);
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

    /// <summary>
    /// A palette with a distinct colour for each of <paramref name="seriesCount"/> series: Category10 repeats after ten,
    /// which gave a 13-model ablation chart three pairs of same-coloured bars; Category20 covers twenty.
    /// </summary>
    internal static IPalette PaletteFor(int seriesCount) =>
        seriesCount <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();

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
