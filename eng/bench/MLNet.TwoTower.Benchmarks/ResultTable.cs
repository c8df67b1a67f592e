namespace MLNet.TwoTower.Benchmarks;

/// <summary>Prints the measurements as a Markdown table, with C# ÷ PyTorch ratios per data size.</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<BenchmarkResult> results)
    {
        Console.WriteLine("| interactions | implementation | examples/s | peak working set (MB) | before training (MB) | final loss | throughput vs PyTorch | peak memory vs PyTorch |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => r.Interactions))
        {
            var reference = group.FirstOrDefault(r => r.Implementation.StartsWith("PyTorch", StringComparison.Ordinal));
            foreach (var r in group)
            {
                var speed = reference is null ? "–" : $"{r.ExamplesPerSecond / reference.ExamplesPerSecond:F2}×";
                var memory = reference is null ? "–" : $"{r.PeakWorkingSetMegabytes / reference.PeakWorkingSetMegabytes:F2}×";
                Console.WriteLine($"| {r.Interactions:N0} | {r.Implementation} | {r.ExamplesPerSecond:N0} | {r.PeakWorkingSetMegabytes:N0} | {r.BaselineWorkingSetMegabytes:N0} | {r.FinalLoss:F3} | {speed} | {memory} |");
            }
        }
    }
}
