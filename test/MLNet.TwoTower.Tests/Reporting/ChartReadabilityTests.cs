using MLNet.TwoTower.Reporting;
using ScottPlot;
using ScottPlot.Plottables;

namespace MLNet.TwoTower.Tests.Reporting;

/// <summary>Charts people read: categorical k, the kept epoch marked, legends outside the data.</summary>
public class ChartReadabilityTests
{
    private static readonly LineChartOptions Cutoffs = new() { XCategories = ["1", "3", "5", "10"] };

    private static ChartSeries Ndcg(string name, params double[] values) =>
        new(name, values.Select((_, position) => (double)position).ToArray(), values);

    /// <summary>The x-axis ticks as drawn (a manual tick generator fills its ticks when the plot renders).</summary>
    private static Tick[] BottomTicks(Plot plot)
    {
        plot.GetImageBytes(600, 400, ImageFormat.Png);
        return [.. Assert.IsType<ScottPlot.TickGenerators.NumericManual>(plot.Axes.Bottom.TickGenerator).Ticks];
    }

    [Fact]
    public void XCategories_TickEveryCategoryOnce_AndNothingBetween()
    {
        var plot = Charts.LineChart("t", "k", "nDCG@k", [Ndcg("model", 0.6, 0.7, 0.75, 0.8)], Cutoffs);

        var ticks = BottomTicks(plot);
        Assert.Equal(["1", "3", "5", "10"], ticks.Select(t => t.Label));
        Assert.Equal([0.0, 1.0, 2.0, 3.0], ticks.Select(t => t.Position));
    }

    [Fact]
    public void XCategories_XOutsideTheCategories_ThrowsNamingSeries()
    {
        var series = new ChartSeries("model", [1.0, 3.0, 5.0, 10.0], [0.6, 0.7, 0.75, 0.8]);
        var e = Assert.Throws<ArgumentException>(() => Charts.LineChart("t", "k", "nDCG@k", [series], Cutoffs));
        Assert.Contains("'model'", e.Message);
        Assert.Contains("category position 0..3", e.Message);
    }

    [Fact]
    public void TrainingChart_DrawsLossAndValidationOnTwoAxes_AndMarksTheKeptEpoch()
    {
        var curve = new TrainingCurve("TwoTower", [1, 2, 3, 4], [6.0, 5.5, 5.2, 5.1], [0.10, 0.15, 0.14, 0.13], KeptEpoch: 2);

        var plot = Charts.TrainingChart("t", "loss", "validation Recall@10", [curve]);

        var scatters = plot.GetPlottables().OfType<Scatter>().ToArray();
        Assert.Equal(2, scatters.Length);
        Assert.NotSame(plot.Axes.Right, scatters[0].Axes.YAxis); // the loss: the default (left) axis
        Assert.Same(plot.Axes.Right, scatters[1].Axes.YAxis);
        Assert.Equal([0.10, 0.15, 0.14, 0.13], scatters[1].Data.GetScatterPoints().Select(p => p.Y));
        var kept = plot.GetPlottables().OfType<VerticalLine>().Single();
        Assert.Equal(2, kept.X);
        Assert.Contains("kept epoch 2", kept.LegendText);
        Assert.Equal(["1", "2", "3", "4"], BottomTicks(plot).Select(t => t.Label));
    }

    [Fact]
    public void TrainingChart_ValidationOfWrongLength_ThrowsNamingCurve()
    {
        var curve = new TrainingCurve("TwoTower", [1, 2], [6.0, 5.5], [0.1]);
        var e = Assert.Throws<ArgumentException>(() => Charts.TrainingChart("t", "loss", "recall", [curve]));
        Assert.Contains("'TwoTower'", e.Message);
    }

    [Fact]
    public void Legends_SitOutsideTheDataArea()
    {
        // The default legend (inside the data area) is hidden; a panel on the bottom edge holds the entries.
        var line = Charts.LineChart("t", "k", "nDCG@k", [Ndcg("model", 0.6, 0.7, 0.75, 0.8)], Cutoffs);
        var training = Charts.TrainingChart("t", "loss", "recall", [new TrainingCurve("m", [1, 2], [2.0, 1.0])]);
        Assert.All(new[] { line, training }, plot => Assert.False(plot.Legend.IsVisible));
    }
}
