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
    /// Category labels of the x axis, for x values that are names rather than measures (the k of nDCG@k: 1, 3, 5, 10).
    /// Each series' x values are then category positions 0, 1, …, and the axis shows one tick per label, evenly spaced,
    /// with nothing in between. Default: null (a numeric x axis).
    /// </summary>
    public IReadOnlyList<string>? XCategories { get; init; }

    /// <summary>Image width in pixels. Default: <see cref="Charts.DefaultWidth"/>.</summary>
    public int Width { get; init; } = Charts.DefaultWidth;

    /// <summary>Image height in pixels. Default: <see cref="Charts.DefaultHeight"/>.</summary>
    public int Height { get; init; } = Charts.DefaultHeight;
}
