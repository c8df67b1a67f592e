namespace MLNet.TwoTower.Reporting;

/// <summary>How <see cref="Charts.WriteLineChart(string, string, string, string, IEnumerable{ChartSeries}, LineChartOptions)"/> draws.</summary>
public sealed class LineChartOptions
{
    /// <summary>
    /// Draws y on a base-10 logarithmic scale, for values that span decades (queries/s of exact search against an
    /// approximate index). Every y, and every reference line, must then be positive. Default: false.
    /// </summary>
    public bool LogY { get; init; }

    /// <summary>Dashed horizontal lines drawn across the chart, each with a legend entry. Default: none.</summary>
    public IReadOnlyList<ReferenceLine> ReferenceLines { get; init; } = [];

    /// <summary>
    /// Puts the legend below the data area instead of in its lower right corner, where falling curves (speed against
    /// recall) put their last points. Default: false.
    /// </summary>
    public bool LegendBelow { get; init; }

    /// <summary>Image width in pixels. Default: <see cref="Charts.DefaultWidth"/>.</summary>
    public int Width { get; init; } = Charts.DefaultWidth;

    /// <summary>Image height in pixels. Default: <see cref="Charts.DefaultHeight"/>.</summary>
    public int Height { get; init; } = Charts.DefaultHeight;
}
