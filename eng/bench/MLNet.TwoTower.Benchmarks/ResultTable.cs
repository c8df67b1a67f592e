namespace MLNet.TwoTower.Benchmarks;

/// <summary>
/// Prints the measurements as a Markdown table: per data size and implementation the median throughput over the runs,
/// the largest peak working set, and C# ÷ PyTorch ratios.
/// </summary>
internal static class ResultTable
{
    private sealed record Row(int Interactions, string Implementation, int Runs, double ExamplesPerSecond,
        double PeakMegabytes, double BaselineMegabytes, double FinalLoss);

    public static void Print(IReadOnlyList<BenchmarkResult> results)
    {
        var rows = results
            .GroupBy(r => (r.Interactions, r.Implementation))
            .Select(g => new Row(g.Key.Interactions, g.Key.Implementation, g.Count(),
                Statistics.Median(g.Select(r => r.ExamplesPerSecond)), g.Max(r => r.PeakWorkingSetMegabytes),
                Statistics.Median(g.Select(r => r.BaselineWorkingSetMegabytes)), g.Last().FinalLoss))
            .ToList();

        Console.WriteLine("| interactions | implementation | runs | examples/s (median) | peak working set (MB) | before training (MB) | final loss | throughput vs PyTorch | peak memory vs PyTorch |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in rows.GroupBy(r => r.Interactions))
        {
            var reference = group.FirstOrDefault(r => r.Implementation.StartsWith("PyTorch", StringComparison.Ordinal));
            foreach (var r in group)
            {
                var speed = reference is null ? "–" : $"{r.ExamplesPerSecond / reference.ExamplesPerSecond:F2}×";
                var memory = reference is null ? "–" : $"{r.PeakMegabytes / reference.PeakMegabytes:F2}×";
                Console.WriteLine($"| {r.Interactions:N0} | {r.Implementation} | {r.Runs} | {r.ExamplesPerSecond:N0} | {r.PeakMegabytes:N0} | {r.BaselineMegabytes:N0} | {r.FinalLoss:F3} | {speed} | {memory} |");
            }
        }
    }
}
