using System.Text.Json;

namespace MLNet.TwoTower.Benchmarks;

/// <summary>What one worker process measured; printed as a single <c>RESULT {json}</c> line.</summary>
internal sealed record BenchmarkResult(
    string Implementation,
    int Interactions,
    double ExamplesPerSecond,
    double PeakWorkingSetMegabytes,
    double BaselineWorkingSetMegabytes,
    double FinalLoss)
{
    public const string Prefix = "RESULT ";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ToLine() => Prefix + JsonSerializer.Serialize(this, Json);

    public static BenchmarkResult? FromOutput(string output) => output
        .Split('\n')
        .Where(line => line.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(line => JsonSerializer.Deserialize<BenchmarkResult>(line[Prefix.Length..], Json))
        .LastOrDefault();
}
