using MLNet.TwoTower.Reporting;
using ScottPlot.Plottables;

namespace MLNet.TwoTower.Tests.Reporting;

/// <summary>The log-scale line chart the retrieval benchmark draws (recall@10 against queries/s).</summary>
public class LineChartTests
{
    private static readonly LineChartOptions LogY = new()
    {
        LogY = true,
        ReferenceLines = [new ReferenceLine("exact", 100)],
    };

    private static ChartSeries Rates(params double[] ys) =>
        new("HNSW", Enumerable.Range(0, ys.Length).Select(i => 0.9 + 0.01 * i).ToArray(), ys);

    [Fact]
    public void LogTicks_LabelOneTwoAndFivePerDecade_FromTheDecadeBelowToTheCeiling()
    {
        // Data from 3,000 to 30,000: log10 3.48 to 4.48, so the decades 10^2 (one below the floor, for the axis
        // margin) to 10^5 (the ceiling) each get labels at 1, 2 and 5 × 10^d and unlabelled ticks at 3, 4, 6–9.
        var ticks = LogAxisTicks.For(Math.Log10(3_000), Math.Log10(30_000));

        var labelled = ticks.Where(t => t.IsMajor).ToArray();
        Assert.Equal(new[] { "100", "200", "500", "1,000", "2,000", "5,000", "10,000", "20,000", "50,000", "100,000", "200,000", "500,000" },
            labelled.Select(t => t.Label).ToArray());
        Assert.Equal(Math.Log10(2_000), labelled.Single(t => t.Label == "2,000").Position, 12);
        var minor = ticks.Where(t => !t.IsMajor).ToArray();
        Assert.Equal(4 * 6, minor.Length);
        Assert.Contains(minor, t => Math.Abs(t.Position - Math.Log10(3_000)) < 1e-12);
        Assert.All(minor, t => Assert.True(string.IsNullOrEmpty(t.Label)));
    }

    [Fact]
    public void LogTickLabel_BelowOne_KeepsItsDecimals() => Assert.Equal("0.05", LogAxisTicks.Label(0.05));

    [Fact]
    public void LogY_PlotsLog10OfPointsAndReferenceLine_AndLabelsEachPoint()
    {
        var series = Rates(10, 1_000) with { PointLabels = ["64", "320"] };

        var plot = Charts.LineChart("t", "recall", "q/s", [series], LogY);

        var points = plot.GetPlottables().OfType<Scatter>().Single().Data.GetScatterPoints();
        Assert.Equal(new[] { 1.0, 3.0 }, points.Select(p => p.Y).ToArray());
        Assert.Equal(2.0, plot.GetPlottables().OfType<HorizontalLine>().Single().Y, 12);
        var labels = plot.GetPlottables().OfType<ScottPlot.Plottables.Text>().ToArray();
        Assert.Equal(new[] { "64", "320" }, labels.Select(t => t.LabelText).ToArray());
        Assert.Equal(3.0, labels[1].Location.Y, 12);
    }

    [Fact]
    public void LogY_NonPositiveRate_ThrowsNamingSeriesAndPoint()
    {
        var e = Assert.Throws<ArgumentException>(() => Charts.LineChart("t", "x", "y", [Rates(10, 0)], LogY));
        Assert.Contains("'HNSW' point 1", e.Message);
        Assert.Contains("positive", e.Message);
    }

    [Fact]
    public void LogY_NonPositiveReferenceLine_ThrowsNamingIt()
    {
        var options = new LineChartOptions { LogY = true, ReferenceLines = [new ReferenceLine("exact", -1)] };
        var e = Assert.Throws<ArgumentException>(() => Charts.LineChart("t", "x", "y", [Rates(10)], options));
        Assert.Contains("Reference line 'exact'", e.Message);
    }

    [Fact]
    public void PointLabels_WrongCount_ThrowsNamingSeries()
    {
        var series = Rates(10, 20) with { PointLabels = ["64"] };
        var e = Assert.Throws<ArgumentException>(() => Charts.LineChart("t", "x", "y", [series], new LineChartOptions()));
        Assert.Contains("'HNSW' has 2 points but 1 point labels", e.Message);
    }

    [Fact]
    public void WriteLineChart_WithOptions_WritesPngOfRequestedSize()
    {
        using var temp = new TempFolder("tt-charts");
        var path = temp.File("tradeoff.png");

        Charts.WriteLineChart(path, "t", "recall@10", "q/s", [Rates(5_000, 20_000) with { PointLabels = ["64", "128"] }],
            new LineChartOptions { LogY = true, ReferenceLines = LogY.ReferenceLines, Width = 500, Height = 320 });

        PngAssert.HasSize(path, 500, 320);
    }
}
