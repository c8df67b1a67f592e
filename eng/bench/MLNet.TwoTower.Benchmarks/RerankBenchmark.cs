using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;

namespace MLNet.TwoTower.Benchmarks;

/// <summary>
/// Cost of the two-stage recommender's second stage: a <see cref="TwoStageTrainer"/> with the default re-ranker
/// (LightGBM, 100 trees of 31 leaves) and towers [128, 64] trained on <see cref="SyntheticInteractions"/>, then, per
/// user on one thread, the time to build the features of and score its <see cref="TwoStageTrainer.Options.CandidateCount"/>
/// retrieved candidates (µs per user and per candidate, median and p90 over users), next to the time of the
/// retrieval stage itself (exact top-N over the catalogue).
/// </summary>
/// <remarks>
///   rerank [--interactions 100000] [--candidates 200] [--users 500] [--repeat 3]
/// Users are timed one at a time after one warm-up pass; with --repeat N each user's time is its median of N runs.
/// </remarks>
internal static class RerankBenchmark
{
    public static int Run(string[] args)
    {
        int interactions = 100_000, candidates = 200, timedUsers = 500, repeat = 3;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--interactions": interactions = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--candidates": candidates = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--users": timedUsers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--repeat": repeat = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}' for 'rerank' (known: --interactions, --candidates, --users, --repeat).");
            }
        }

        var spec = new BenchmarkSpec(interactions, Epochs: 1, Threads: 1);
        var ml = new MLContext(seed: spec.Seed);
        var data = ml.Data.Cache(SyntheticInteractions.Create(ml, spec));
        Console.Error.WriteLine($"Training a two-stage model on {interactions:N0} synthetic interactions ({spec.Users:N0} users, {spec.Items:N0} items, width {spec.Width}; towers [128, 64], 1 epoch)…");
        var trainer = ml.Ranking.Trainers.TwoStage(new TwoStageTrainer.Options
        {
            Towers = new TwoTowerTrainer.Options
            {
                TowerLayerSizes = [128, 64], NumberOfEpochs = 1, BatchSize = spec.BatchSize, NumberOfThreads = 1, Seed = spec.Seed,
            },
            CandidateCount = candidates,
            // The cost measured is serving's; one tower fit is enough to get a model of the default shape.
            RefitTowersOnAllData = false,
        });
        var watch = Stopwatch.StartNew();
        using var model = trainer.Fit(data);
        Console.Error.WriteLine($"  fitted in {watch.Elapsed.TotalSeconds:F1} s");
        var recommender = model.CreateRecommender(data, data);

        var users = Enumerable.Range(1, Math.Min(timedUsers, spec.Users)).Select(u => (uint)u).ToArray();
        var retrieved = users.Select(u => recommender.Retrieve(u, _ => true)).ToArray();
        foreach (var (user, items) in users.Zip(retrieved))
            recommender.RerankCandidates(user, items);

        var rerankMicros = new List<double>();
        var retrieveMicros = new List<double>();
        var perCandidate = new List<double>();
        for (int u = 0; u < users.Length; u++)
        {
            var rerank = new List<double>();
            var retrieve = new List<double>();
            for (int run = 0; run < repeat; run++)
            {
                var clock = Stopwatch.StartNew();
                recommender.RerankCandidates(users[u], retrieved[u]);
                rerank.Add(clock.Elapsed.TotalMicroseconds);
                clock.Restart();
                recommender.Retrieve(users[u], _ => true);
                retrieve.Add(clock.Elapsed.TotalMicroseconds);
            }
            rerankMicros.Add(Median(rerank));
            retrieveMicros.Add(Median(retrieve));
            perCandidate.Add(Median(rerank) / retrieved[u].Length);
        }

        Console.WriteLine($"Two-stage serving cost, one thread: {users.Length} users × {candidates} candidates, {spec.Items:N0}-item catalogue, " +
            $"{model.Towers.Parameters.UserTower.OutputSize}-wide embeddings, LightGBM 100 trees × 31 leaves; median of {repeat} runs per user");
        Console.WriteLine();
        Console.WriteLine("| stage | median µs/user | p90 µs/user | median µs/candidate |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| re-rank (features + trees) | {Median(rerankMicros):F0} | {Percentile(rerankMicros, 0.9):F0} | {Median(perCandidate):F2} |");
        Console.WriteLine($"| retrieve (exact top-{candidates}) | {Median(retrieveMicros):F0} | {Percentile(retrieveMicros, 0.9):F0} | |");
        return 0;
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }
}
