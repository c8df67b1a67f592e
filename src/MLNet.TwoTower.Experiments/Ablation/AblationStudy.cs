using System.Diagnostics;
using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Evaluation;

namespace MLNet.TwoTower.Experiments.Ablation;

/// <summary>
/// Runs every protocol of docs/protocols.md (warm nDCG, cold-user nDCG, full-catalog retrieval, cold-item retrieval) for the
/// floors, the baselines and each Two-Tower variant, once per seed, on one prepared dataset, and summarises every
/// metric as mean ± standard deviation over the seeds. The features are prepared once; the seeds change the splits
/// and every trainer's initialisation and sampling.
/// </summary>
public static class AblationStudy
{
    /// <summary>Runs the study on <paramref name="data"/>.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="datasetName">Name of the dataset, for reports.</param>
    /// <param name="data">The prepared dataset.</param>
    /// <param name="options">Seeds, baselines, variants; null for the defaults.</param>
    public static AblationResult Run(MLContext ml, string datasetName, PreparedData data, AblationStudyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new AblationStudyOptions();
        if (options.Seeds.Count == 0)
            throw new ArgumentException("Seeds must list at least one seed.", nameof(options));
        if (options.Seeds.Distinct().Count() != options.Seeds.Count)
            throw new ArgumentException($"Seeds must be distinct; got {string.Join(", ", options.Seeds)}.", nameof(options));
        var repeated = options.Variants.Select(v => v.Name).Concat(options.TwoStageVariants.Select(v => v.Name)).Concat(options.Baselines)
            .GroupBy(name => name).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
            throw new ArgumentException($"Every variant and baseline needs its own name; '{repeated}' is used twice.", nameof(options));

        var clock = Stopwatch.StartNew();
        var results = new List<ExperimentResult>();
        foreach (var seed in options.Seeds)
        {
            options.OnStage?.Invoke($"{datasetName}, seed {seed}: {options.Baselines.Count} baselines and {options.Variants.Count} Two-Tower variants, {options.TwoStageVariants.Count} two-stage variants, {(options.Implicit ? "implicit protocols" : "four protocols")}");
            results.Add(ReferenceExperiment.Run(ml, data, new ExperimentOptions
            {
                Seed = seed,
                Epochs = options.Epochs,
                NumberOfThreads = options.NumberOfThreads,
                ColdUserFraction = options.ColdUserFraction,
                ColdItemFraction = options.ColdItemFraction,
                Models = options.Baselines,
                Truth = options.Truth,
                Implicit = options.Implicit,
                Variants = options.Variants,
                TwoStageVariants = options.TwoStageVariants,
                OnEpoch = options.OnEpoch,
                OnStage = line => options.OnStage?.Invoke($"{datasetName}, seed {seed}: {line} ({clock.Elapsed:hh\\:mm\\:ss} so far)"),
            }));
        }
        return Summarise(datasetName, options, results, clock.Elapsed);
    }

    /// <summary>Mean ± std per model and metric over the per-seed results, rows in the order the first seed reports.</summary>
    internal static AblationResult Summarise(string datasetName, AblationStudyOptions options, IReadOnlyList<ExperimentResult> results, TimeSpan elapsed)
    {
        var summaries = results.Select(r => r.Summary()).ToArray();
        var descriptions = options.Variants.Select(v => (v.Name, v.Description))
            .Concat(options.TwoStageVariants.Select(v => (v.Name, v.Description))).ToDictionary(v => v.Name, v => v.Description);
        var models = summaries[0].Values.SelectMany(byModel => byModel.Keys).Distinct().ToArray();
        var rows = models.Select(model => new AblationRow
        {
            Model = model,
            Description = descriptions.GetValueOrDefault(model, ""),
            Metrics = summaries[0].ToDictionary(
                protocol => protocol.Key,
                protocol => (IReadOnlyDictionary<string, MetricSummary>)protocol.Value[model].Keys.ToDictionary(
                    metric => metric,
                    metric => new MetricSummary(summaries.Select(s => s[protocol.Key].TryGetValue(model, out var m) ? m[metric] : null).ToArray()))),
            // The full-catalog table reuses the warm fits, so it is left out of the fit count.
            MeanTrainSeconds = results.SelectMany(r => r.Report.Tables).Where(t => t.Protocol != Protocol.FullCatalog).SelectMany(t => t.Rows)
                .Where(r => ExperimentResult.DisplayName(r.Model) == model).Select(r => r.TrainSeconds).DefaultIfEmpty(0).Average(),
        }).ToArray();
        return new AblationResult(datasetName, options.Seeds.ToArray(), rows, elapsed, options.Implicit);
    }
}
