using System.Globalization;

namespace MLNet.TwoTower.Serving.Benchmarks;

/// <summary>One row of the results: a scenario on one package.</summary>
internal sealed record ScenarioResult(string Package, int Items, string IndexKind, string Scenario, int Concurrency, double Seconds,
    int Requests, double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds, int Errors, string Note)
{
    public static string CsvHeader => "package,items,index,scenario,concurrency,seconds,requests,req_per_s,p50_ms,p99_ms,errors,note";

    /// <summary>One CSV line; text fields are quoted (RFC 4180), as scenario names hold commas.</summary>
    public string ToCsv() => string.Join(',', Q(Package), Items.ToString(CultureInfo.InvariantCulture), Q(IndexKind), Q(Scenario),
        Concurrency.ToString(CultureInfo.InvariantCulture), F(Seconds, 1), Requests.ToString(CultureInfo.InvariantCulture),
        F(RequestsPerSecond, 0), F(P50Milliseconds, 3), F(P99Milliseconds, 3), Errors.ToString(CultureInfo.InvariantCulture), Q(Note));

    public string ToMarkdown() =>
        $"| {Package} | {Items:N0} | {IndexKind} | {Scenario} | {Concurrency} | {F(Seconds, 1)} | {Requests:N0} | {F(RequestsPerSecond, 0)} | " +
        $"{F(P50Milliseconds, 2)} | {F(P99Milliseconds, 2)} | {Errors} | {Note} |";

    private static string Q(string text) => $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
