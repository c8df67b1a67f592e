using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLNet.TwoTower.IO;

namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>What <see cref="AblationStudy"/> measured on one dataset: every model's metrics as mean ± std over seeds.</summary>
public sealed class AblationResult
{
    internal AblationResult(string dataset, int[] seeds, IReadOnlyList<AblationRow> rows, TimeSpan elapsed, bool implicitFeedback = false)
    {
        Dataset = dataset;
        Seeds = seeds;
        Rows = rows;
        Elapsed = elapsed;
        Implicit = implicitFeedback;
    }

    /// <summary>Whether the study ran the implicit-feedback protocols (<see cref="AblationStudyOptions.Implicit"/>).</summary>
    public bool Implicit { get; }

    /// <summary>The columns of this study's tables: <see cref="AblationMetric.Headline"/>, or <see cref="AblationMetric.ImplicitHeadline"/>.</summary>
    public IReadOnlyList<AblationMetric> Headline => Implicit ? AblationMetric.ImplicitHeadline : AblationMetric.Headline;

    /// <summary>The dataset's name.</summary>
    public string Dataset { get; }

    /// <summary>The seeds, in the order of every <see cref="MetricSummary.Values"/>.</summary>
    public IReadOnlyList<int> Seeds { get; }

    /// <summary>Floors, baselines, then variants.</summary>
    public IReadOnlyList<AblationRow> Rows { get; }

    /// <summary>Wall time of the whole study on this dataset.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The row of <paramref name="model"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such model in the study.</exception>
    public AblationRow Row(string model) => Rows.FirstOrDefault(r => r.Model == model)
        ?? throw new KeyNotFoundException($"Model '{model}' is not in the ablation of {Dataset}; it has {string.Join(", ", Rows.Select(r => r.Model))}.");

    /// <summary>
    /// The targets of issue 6 for <paramref name="model"/> (the library default unless told): beat matrix
    /// factorization on warm nDCG@10, beat popularity and the MF item-bias fallback on cold-user nDCG@10, and reach
    /// 1.2 × popularity's full-catalog Recall@10. Each with the two means, the margin and whether it is met.
    /// Targets whose baseline is not in the study are left out. In implicit mode the targets of issue 11: implicit
    /// nDCG@10 at least 1.5 × popularity's and above one-class matrix factorization's.
    /// </summary>
    public IReadOnlyList<AblationTarget> Targets(string model = ReferenceExperiment.TwoTower)
    {
        var row = Row(model);
        if (Implicit)
        {
            var ndcg = AblationMetric.ImplicitHeadline[0];
            var implicitTargets = new List<AblationTarget>();
            foreach (var (baseline, factor, description) in new[]
            {
                ("Popularity", 1.5, $"{ndcg.Label} ≥ 1.5 × Popularity"),
                (ReferenceExperiment.OneClassMatrixFactorization, 1.0, $"{ndcg.Label} > {ReferenceExperiment.OneClassMatrixFactorization}"),
            })
            {
                if (Rows.FirstOrDefault(r => r.Model == baseline) is { } other && row.Get(ndcg).Mean is double value && other.Get(ndcg).Mean is double reference)
                    implicitTargets.Add(new AblationTarget(description, model, value, baseline, reference * factor, value > reference * factor));
            }
            return implicitTargets;
        }
        var warm = AblationMetric.Headline[0];
        var cold = AblationMetric.Headline[1];
        var recall = AblationMetric.Headline[2];
        var targets = new List<AblationTarget>();
        void Add(string description, AblationMetric metric, string baseline, double factor)
        {
            if (Rows.FirstOrDefault(r => r.Model == baseline) is not { } other || row.Get(metric).Mean is not double value || other.Get(metric).Mean is not double reference)
                return;
            targets.Add(new AblationTarget(description, model, value, baseline, reference * factor, value > reference * factor));
        }
        Add($"{warm.Label} > {ReferenceExperiment.MatrixFactorization}", warm, ReferenceExperiment.MatrixFactorization, 1);
        Add($"{cold.Label} > Popularity", cold, "Popularity", 1);
        Add($"{cold.Label} > {ReferenceExperiment.MatrixFactorizationItemBias}", cold, ReferenceExperiment.MatrixFactorizationItemBias, 1);
        Add($"{recall.Label} ≥ 1.2 × Popularity", recall, "Popularity", 1.2);
        return targets;
    }

    /// <summary>A Markdown section: the headline table (mean ± std) and the targets.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {Dataset}{(Implicit ? " (implicit feedback)" : "")} — mean ± std over seeds {string.Join(", ", Seeds)}");
        text.AppendLine();
        text.AppendLine($"| model | {string.Join(" | ", Headline.Select(m => m.Label))} | train s |");
        text.AppendLine($"|---|{string.Concat(Enumerable.Repeat("---|", Headline.Count))}---|");
        foreach (var row in Rows)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Model} | {string.Join(" | ", Headline.Select(m => row.Get(m).Format()))} | {row.MeanTrainSeconds:0.0} |");
        var described = Rows.Where(r => r.Description.Length > 0).ToArray();
        if (described.Length > 0)
        {
            text.AppendLine();
            foreach (var row in described)
                text.AppendLine($"- **{row.Model}**: {row.Description}");
        }
        var targets = Rows.Any(r => r.Model == ReferenceExperiment.TwoTower) ? Targets() : [];
        if (targets.Count > 0)
        {
            text.AppendLine();
            foreach (var target in targets)
                text.AppendLine($"- {target}");
        }
        return text.ToString();
    }

    /// <summary>Everything measured (per-seed values, means, stds, descriptions) as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        dataset = Dataset,
        @implicit = Implicit,
        seeds = Seeds,
        elapsedSeconds = Math.Round(Elapsed.TotalSeconds, 1),
        models = Rows.Select(r => new
        {
            model = r.Model,
            description = r.Description,
            meanTrainSeconds = Math.Round(r.MeanTrainSeconds, 2),
            metrics = r.Metrics.ToDictionary(p => p.Key, p => p.Value.ToDictionary(m => m.Key, m => new { mean = m.Value.Mean, std = m.Value.Std, values = m.Value.Values })),
        }),
        targets = Rows.Any(r => r.Model == ReferenceExperiment.TwoTower) ? Targets().Select(t => t.ToString()) : [],
    }, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never });

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically.</summary>
    public void WriteJson(string path) => AtomicFile.WriteAllText(path, ToJson());
}
