using MLNet.TwoTower.IO;
using ScottPlot;

namespace MLNet.TwoTower.Reporting;

/// <summary>
/// Writes the PNG charts that sit next to printed tables (metrics across k, loss curves, grouped comparisons).
/// Files are written atomically. Legends sit outside the data area, below it, so they never cover a point or a bar.
/// Text needs a font: on Debian install <c>fonts-dejavu-core</c>, else labels are blank.
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
    /// (<see cref="ChartSeries.PointLabels"/>), horizontal reference lines and category labels on the x axis
    /// (<see cref="LineChartOptions.XCategories"/>).
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
            if (options.XCategories is { } categories && s.X.Any(x => x != Math.Round(x) || x < 0 || x >= categories.Count))
                throw new ArgumentException(
                    $"Series '{s.Name}' has x values {string.Join(", ", s.X)}; with {categories.Count} x categories each x must be a category position 0..{categories.Count - 1}.",
                    nameof(series));
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
        if (options.XCategories is { } categoryLabels)
        {
            // One tick per category and none between them: k = 1, 3, 5, 10 sit evenly spaced, with no 1.5 or 2.5.
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                categoryLabels.Select((label, position) => new Tick(position, label)).ToArray());
            plot.Axes.SetLimitsX(-0.3, categoryLabels.Count - 0.7);
        }
        plot.ShowLegend(Edge.Bottom);
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
        plot.Axes.Margins(bottom: 0, top: 0.05);
        plot.ShowLegend(Edge.Bottom);
        Save(plot, path, width, height);
    }

    /// <summary>
    /// Training curves: each model's loss per epoch (solid, left axis) and its validation metric per epoch (dashed,
    /// right axis, same colour), with a dotted vertical line at the epoch whose weights the model kept.
    /// </summary>
    /// <param name="path">The PNG to write.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="lossLabel">Left axis label, e.g. "training loss".</param>
    /// <param name="validationLabel">Right axis label, e.g. "validation Recall@10".</param>
    /// <param name="curves">One curve per model.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    public static void WriteTrainingChart(string path, string title, string lossLabel, string validationLabel,
        IReadOnlyList<TrainingCurve> curves, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(curves);
        Save(TrainingChart(title, lossLabel, validationLabel, curves), path, width, height);
    }

    /// <summary>Builds the plot of <see cref="WriteTrainingChart"/>.</summary>
    internal static Plot TrainingChart(string title, string lossLabel, string validationLabel, IReadOnlyList<TrainingCurve> curves)
    {
        if (curves.Count == 0)
            throw new ArgumentException("A training chart needs at least one curve.", nameof(curves));
        var plot = NewPlot(title, "epoch", lossLabel);
        var palette = PaletteFor(curves.Count);
        bool anyValidation = false;
        for (int c = 0; c < curves.Count; c++)
        {
            var curve = curves[c];
            if (curve.Loss.Count != curve.Epochs.Count || curve.Validation is { } v && v.Count != curve.Epochs.Count)
                throw new ArgumentException(
                    $"Curve '{curve.Name}' has {curve.Epochs.Count} epochs, {curve.Loss.Count} losses and {curve.Validation?.Count ?? 0} validation values; each needs one per epoch.",
                    nameof(curves));
            var color = palette.GetColor(c);
            var epochs = curve.Epochs.Select(e => (double)e).ToArray();
            var loss = plot.Add.Scatter(epochs, curve.Loss.ToArray());
            loss.LegendText = $"{curve.Name}: loss";
            loss.Color = color;
            loss.LineWidth = 2;
            loss.MarkerSize = 5;

            var measured = curve.Validation?.Select((value, i) => (Epoch: epochs[i], Value: value)).Where(p => p.Value is not null).ToArray() ?? [];
            if (measured.Length > 0)
            {
                anyValidation = true;
                var validation = plot.Add.Scatter(measured.Select(p => p.Epoch).ToArray(), measured.Select(p => p.Value!.Value).ToArray());
                validation.Axes.YAxis = plot.Axes.Right;
                validation.LegendText = $"{curve.Name}: {validationLabel}";
                validation.Color = color;
                validation.LinePattern = LinePattern.Dashed;
                validation.LineWidth = 2;
                validation.MarkerShape = MarkerShape.OpenSquare;
                validation.MarkerSize = 7;
            }
            if (curve.KeptEpoch is int kept)
            {
                var line = plot.Add.VerticalLine(kept);
                line.Color = color;
                line.LinePattern = LinePattern.Dotted;
                line.LineWidth = 2;
                line.LegendText = $"{curve.Name}: kept epoch {kept}";
            }
        }
        if (anyValidation)
        {
            // From 0, so that noise in the third decimal does not look like a collapse.
            double top = curves.SelectMany(c => c.Validation ?? []).OfType<double>().Max();
            plot.Axes.Right.Label.Text = validationLabel;
            plot.Axes.SetLimitsY(0, top > 0 ? top * 1.15 : 1, plot.Axes.Right);
        }
        // Whole epochs only: no tick at 1.5; half an epoch of margin keeps a kept-epoch line off the axes.
        int last = curves.SelectMany(c => c.Epochs).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsX(0.5, last + 0.5);
        int step = Math.Max(1, (int)Math.Ceiling(last / 20.0));
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(1, last).Where(e => (e - 1) % step == 0).Select(e => new Tick(e, e.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray());
        plot.ShowLegend(Edge.Bottom);
        return plot;
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
