using MLNet.TwoTower.Reporting;
using Spectre.Console.Testing;

namespace MLNet.TwoTower.Tests.Reporting;

public class ReportingTests
{
    private static ResultTable SampleTable() =>
        new ResultTable("warm users (nDCG@k)", "model", new[] { "nDCG@1", "nDCG@10" })
            .AddRow("Popularity", new double?[] { 0.5, 0.75 })
            .AddRow("MatrixFactorization", new double?[] { null, 0.8 });

    [Fact]
    public void AddRow_WrongNumberOfValues_ThrowsNamingRowAndTable()
    {
        var table = new ResultTable("t", "model", new[] { "a", "b" });
        var e = Assert.Throws<ArgumentException>(() => table.AddRow("MF", new double?[] { 1 }));
        Assert.Contains("'MF'", e.Message);
        Assert.Contains("2 columns", e.Message);
    }

    [Fact]
    public void ToMarkdown_NullCell_IsNotApplicable()
    {
        var markdown = SampleTable().ToMarkdown();
        Assert.Contains("| MatrixFactorization | n/a | 0.800 |", markdown);
        Assert.Contains("| Popularity | 0.500 | 0.750 |", markdown);
    }

    [Fact]
    public void Write_PrintsEveryRowAndNotApplicable()
    {
        var console = new TestConsole().Width(120);
        SampleTable().Write(console);
        Assert.Contains("MatrixFactorization", console.Output);
        Assert.Contains("n/a", console.Output);
        Assert.Contains("0.7500", console.Output);
    }

    [Fact]
    public void Charts_WritePngFiles_WithRequestedSize()
    {
        using var temp = new TempFolder("tt-charts");
        var folder = temp.Path;
        var line = Path.Combine(folder, "loss.png");
        Charts.WriteLineChart(line, "loss", "epoch", "loss",
            new[] { new ChartSeries("train", new double[] { 1, 2, 3 }, new double[] { 3, 2, 1.5 }) }, 400, 300);
        var bars = Path.Combine(folder, "bars.png");
        SampleTable().WriteBarChart(bars, "nDCG");

        PngAssert.HasSize(line, 400, 300);
        PngAssert.HasSize(bars, Charts.DefaultWidth, Charts.DefaultHeight);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void LineChart_SeriesWithMismatchedLengths_Throws()
    {
        using var temp = new TempFolder("tt-charts");
        var e = Assert.Throws<ArgumentException>(() => Charts.WriteLineChart(temp.File("never-written.png"), "t", "x", "y",
            new[] { new ChartSeries("bad", new double[] { 1, 2 }, new double[] { 1 }) }));
        Assert.Contains("'bad'", e.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(13)]
    [InlineData(20)]
    public void BarChartPalette_GivesEverySeriesItsOwnColour(int seriesCount)
    {
        var palette = Charts.PaletteFor(seriesCount);
        var colours = Enumerable.Range(0, seriesCount).Select(palette.GetColor).Distinct().Count();
        Assert.Equal(seriesCount, colours);
    }
}
