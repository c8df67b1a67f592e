using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// Recovers the host environment behind a catalog object. ML.NET keeps it in the non-public <c>Environment</c>
/// (explicit <c>IInternalCatalog.Environment</c>) property of <c>CatalogInstantiatorBase</c>; that environment carries the MLContext's seed stream, which the
/// baselines draw their seeds from so that <c>new MLContext(seed)</c> makes training reproducible.
/// </summary>
internal static class CatalogContext
{
    public static IHostEnvironment Of(object catalog)
    {
        for (var type = catalog.GetType(); type is not null; type = type.BaseType)
        {
            // An explicit implementation of the internal IInternalCatalog.Environment in ML.NET 5.0.1.
            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
                if (property.Name.EndsWith("Environment", StringComparison.Ordinal) && property.GetIndexParameters().Length == 0
                    && property.GetValue(catalog) is IHostEnvironment environment)
                    return environment;
        }
        throw new InvalidOperationException(
            $"Could not find the ML.NET environment behind {catalog.GetType().Name}. Call this method on ml.Ranking.Trainers of an MLContext.");
    }

    /// <summary>
    /// A context for building the saved-form chain of built-in transformers. Those transformers keep no state from
    /// the context that matters for scoring, so a private one (seeded from the caller's) is equivalent.
    /// </summary>
    public static MLContext PrivateContext(IHostEnvironment environment, string name, out int seed)
    {
        seed = environment.Register(name).Rand.Next();
        return new MLContext(seed);
    }
}
