using System.Text.Json;
using System.Text.Json.Serialization;
using MLNet.TwoTower.Evaluation;
using MLNet.TwoTower.IO;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Experiments;

/// <summary>What <see cref="ReferenceExperiment.Run"/> measured.</summary>
public sealed class ExperimentResult
{
    private static readonly Dictionary<string, string> FloorNames = new() { ["random"] = "Random", ["popularity"] = "Popularity" };

    internal ExperimentResult(ComparisonReport report, Dictionary<string, List<List<TwoTowerEpochProgress>>> runs)
    {
        Report = report;
        TrainingRuns = runs.ToDictionary(r => r.Key, r => (IReadOnlyList<IReadOnlyList<TwoTowerEpochProgress>>)r.Value.ToArray());
    }

    /// <summary>The harness's full report: every table, every metric, training times, split descriptions.</summary>
    public ComparisonReport Report { get; }

    /// <summary>Per Two-Tower model, the epochs of each fit (first the warm split's, then the cold-user split's).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<TwoTowerEpochProgress>>> TrainingRuns { get; }

    /// <summary>
    /// protocol key (<see cref="Protocol.Key"/>: <c>warm</c>, <c>coldUsers</c>, <c>fullCatalog</c>, <c>coldItems</c>) → model (<c>Random</c>, <c>Popularity</c>,
    /// <c>MatrixFactorization</c>, <c>TwoTower</c>, <c>TwoTowerReference</c>) → metric → value, null where the model
    /// cannot score (matrix factorization on cold users or items, popularity on cold items) or has no embeddings for the
    /// full catalogue.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>>> Summary()
    {
        var summary = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>>>();
        var models = Report.Tables.SelectMany(t => t.Rows).Select(r => r.Model).Distinct().ToArray();
        foreach (var table in Report.Tables)
        {
            var byModel = new Dictionary<string, IReadOnlyDictionary<string, double?>>();
            foreach (var model in models)
            {
                var row = table.Rows.FirstOrDefault(r => r.Model == model);
                byModel[DisplayName(model)] = table.Protocol.HeadlineMetrics.ToDictionary(
                    m => m, m => row is not null && row.Values.TryGetValue(m, out var v) ? v : null);
            }
            summary[table.Protocol.Key] = byModel;
        }
        return summary;
    }

    /// <summary>The name <see cref="Summary"/> gives a report row: floors capitalised, models as they are.</summary>
    internal static string DisplayName(string reportRowName) => FloorNames.GetValueOrDefault(reportRowName, reportRowName);

    /// <summary>The <see cref="Summary"/> as indented JSON (nulls kept).</summary>
    public string ToSummaryJson() => JsonSerializer.Serialize(Summary(), new JsonSerializerOptions
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    });

    /// <summary>Writes <see cref="ToSummaryJson"/> to <paramref name="path"/> atomically.</summary>
    public void WriteSummaryJson(string path) => AtomicFile.WriteAllText(path, ToSummaryJson());
}
