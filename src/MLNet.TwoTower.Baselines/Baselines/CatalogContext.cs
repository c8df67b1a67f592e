using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.TwoTower.MLNetInput;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// The context the baselines work in, derived from the environment behind <c>ml.Ranking.Trainers</c> (reached through
/// <see cref="HostEnvironmentSettings"/>, the one place that reads ML.NET internals).
/// </summary>
internal static class CatalogContext
{
    public static IHostEnvironment Of(RankingCatalog.RankingTrainers catalog) => HostEnvironmentSettings.GetEnvironment(catalog);

    /// <summary>
    /// A context for building the saved-form chain of built-in transformers (carrying the caller's seed and device
    /// settings) and a training seed drawn from the caller's seed stream, so <c>new MLContext(seed)</c> makes
    /// training reproducible.
    /// </summary>
    public static MLContext PrivateContext(IHostEnvironment environment, string name, out int seed)
    {
        seed = environment.Register(name).Rand.Next();
        return HostEnvironmentSettings.Read(environment).CreateContext(environment);
    }
}
