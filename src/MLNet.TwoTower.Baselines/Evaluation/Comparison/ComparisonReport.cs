using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNet.TwoTower.Evaluation;

/// <summary>The result of a <see cref="RecommenderComparison"/>: one table per protocol, JSON-serialisable and printable.</summary>
public sealed class ComparisonReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The seed of the splits and the random floor.</summary>
    public required int Seed { get; init; }

    /// <summary>The tables, in protocol order.</summary>
    public required IReadOnlyList<ProtocolTable> Tables { get; init; }

    /// <summary>Indented JSON (NaN written as "NaN").</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    public static ComparisonReport FromJson(string json) =>
        JsonSerializer.Deserialize<ComparisonReport>(json, JsonOptions)
        ?? throw new ArgumentException("The JSON holds no comparison report.", nameof(json));

    /// <summary>Fixed-width tables, one per protocol, with the seed.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"seed {Seed}");
        foreach (var table in Tables)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{table.Protocol.Title} — {table.Description}");
            int nameWidth = Math.Max(5, table.Rows.Select(r => r.Model.Length).DefaultIfEmpty(5).Max());
            text.Append("model".PadRight(nameWidth));
            foreach (var metric in table.Metrics)
                text.Append(' ').Append(metric.PadLeft(Math.Max(9, metric.Length)));
            text.AppendLine("  train s");
            foreach (var row in table.Rows)
            {
                text.Append(row.Model.PadRight(nameWidth));
                foreach (var metric in table.Metrics)
                {
                    var value = row.Values.TryGetValue(metric, out var v) ? v?.ToString("F4", CultureInfo.InvariantCulture) ?? "n/a" : "–";
                    text.Append(' ').Append(value.PadLeft(Math.Max(9, metric.Length)));
                }
                text.AppendLine(row.TrainSeconds.ToString("F2", CultureInfo.InvariantCulture).PadLeft(9));
            }
        }
        return text.ToString();
    }
}
