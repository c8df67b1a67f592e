using System.Globalization;
using ScottPlot;

namespace MLNet.TwoTower.Reporting;

/// <summary>
/// Tick marks for an axis whose data were replaced by their base-10 logarithms. ScottPlot 5 has no log axis, so the
/// chart plots log10(y) and labels the ticks with the original values. Labels sit at 1, 2 and 5 × 10^d, not only at
/// powers of ten: a rate that varies within one decade (5,000–30,000 q/s) would otherwise get a single label.
/// </summary>
internal static class LogAxisTicks
{
    private static readonly int[] Labelled = [1, 2, 5];
    private static readonly int[] Unlabelled = [3, 4, 6, 7, 8, 9];

    /// <summary>Major (labelled) and minor ticks covering the decades from <paramref name="minLog"/> to <paramref name="maxLog"/>.</summary>
    public static Tick[] For(double minLog, double maxLog)
    {
        var ticks = new List<Tick>();
        for (int decade = (int)Math.Floor(minLog) - 1; decade <= (int)Math.Ceiling(maxLog); decade++)
        {
            double scale = Math.Pow(10, decade);
            foreach (int m in Labelled)
                ticks.Add(Tick.Major(Math.Log10(m * scale), Label(m * scale)));
            foreach (int m in Unlabelled)
                ticks.Add(Tick.Minor(Math.Log10(m * scale)));
        }
        return ticks.ToArray();
    }

    /// <summary>The original value, with thousands separators above 1 and just enough decimals below it.</summary>
    internal static string Label(double value) =>
        value >= 1 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.#########", CultureInfo.InvariantCulture);
}
