using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNet.TwoTower.MLNetInput;

/// <summary>
/// The MLContext settings a trainer must honour (seed, <c>GpuDeviceId</c>, <c>FallbackToCpu</c>, cancellation) and the environment
/// behind a catalog. ML.NET keeps these behind internal members (<c>IHostEnvironmentInternal</c>,
/// <c>CatalogInstantiatorBase.Owner</c>, <c>TrainCatalogBase.Environment</c>) that only its own assemblies may call,
/// so they are read by reflection here, in one place, against the pinned ML.NET 5.0.1.
/// </summary>
internal sealed record HostEnvironmentSettings(int? Seed, int? GpuDeviceId, bool FallbackToCpu)
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>The environment (the MLContext's) that <c>ml.Ranking.Trainers</c> was created with.</summary>
    public static IHostEnvironment GetEnvironment(RankingCatalog.RankingTrainers catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var owner = typeof(TrainCatalogBase.CatalogInstantiatorBase).GetProperty("Owner", Instance)?.GetValue(catalog);
        var environment = owner is null ? null : typeof(TrainCatalogBase).GetProperty("Environment", Instance)?.GetValue(owner);
        return environment as IHostEnvironment ?? throw new InvalidOperationException(
            "Could not reach the MLContext behind ml.Ranking.Trainers; this version of MLNet.TwoTower expects Microsoft.ML 5.0.x.");
    }

    /// <summary>Reads seed and GPU settings; an environment that does not expose them means "no seed, CPU".</summary>
    public static HostEnvironmentSettings Read(IHostEnvironment environment)
    {
        var contract = environment.GetType().GetInterfaces()
            .FirstOrDefault(i => i.FullName == "Microsoft.ML.Runtime.IHostEnvironmentInternal");
        if (contract is null)
            return new HostEnvironmentSettings(null, null, false);
        object? Get(string name) => contract.GetProperty(name)?.GetValue(environment);
        return new HostEnvironmentSettings(Get("Seed") as int?, Get("GpuDeviceId") as int?, Get("FallbackToCpu") as bool? ?? false);
    }

    /// <summary>
    /// Whether <c>ml.CancelExecution()</c> was called on <paramref name="environment"/> (or on the context that owns
    /// it): ML.NET's own trainers check this through the internal <c>ICancelable.IsCanceled</c> (<c>Host.CheckAlive()</c>).
    /// An environment that does not expose it is never cancelled.
    /// </summary>
    public static bool IsCanceled(IHostEnvironment environment)
    {
        var contract = environment.GetType().GetInterfaces()
            .FirstOrDefault(i => i.FullName == "Microsoft.ML.Runtime.ICancelable");
        return contract?.GetProperty("IsCanceled")?.GetValue(environment) as bool? ?? false;
    }

    /// <summary>
    /// An <see cref="MLContext"/> for the fitted transformer: the environment itself when it is one, otherwise a new
    /// context carrying the same seed and device settings (a catalog's environment is the context's inner one).
    /// </summary>
    public MLContext CreateContext(IHostEnvironment environment) => environment as MLContext
        ?? new MLContext(Seed) { GpuDeviceId = GpuDeviceId, FallbackToCpu = FallbackToCpu };
}
