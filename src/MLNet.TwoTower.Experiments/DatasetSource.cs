using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Datasets.MovieLens;
using MLNet.TwoTower.PostgreSql;
using MLNet.TwoTower.PostgreSql.Source;

namespace MLNet.TwoTower.Experiments;

/// <summary>
/// Turns a <c>--data</c> argument into a dataset: <c>pseudo</c> (the generated dataset), <c>movielens-small</c>
/// (MovieLens latest-small, found in <c>shared/data/ml-latest-small</c> beside or above the working directory), a
/// MovieLens folder (it has <c>ratings.csv</c> and <c>movies.csv</c>), a dataset folder (<c>interactions.csv</c> …), or
/// <c>postgres:</c> and an Npgsql connection string (the folder's files as tables, see <see cref="PostgresDataset"/>).
/// </summary>
public static class DatasetSource
{
    /// <summary>The name of the generated dataset.</summary>
    public const string Pseudo = "pseudo";

    /// <summary>The name of MovieLens latest-small.</summary>
    public const string MovieLensSmall = "movielens-small";

    /// <summary>Loads the dataset <paramref name="spec"/> names.</summary>
    /// <param name="spec"><c>pseudo</c>, <c>movielens-small</c>, a folder path or <c>postgres:Host=…;Database=…;Username=…</c>.
    /// The two names always mean the built-in datasets, even where a folder of that name exists
    /// (<see cref="ShadowWarning(string)"/>).</param>
    /// <param name="pseudoOptions">Size and seed of the generated dataset (for <c>pseudo</c>).</param>
    public static RecommendationDataset Load(string spec, PseudoDatasetOptions? pseudoOptions = null) =>
        LoadWithTruth(spec, pseudoOptions).Dataset;

    /// <summary>
    /// Loads the dataset <paramref name="spec"/> names, with the generator's ground truth when it is <c>pseudo</c>
    /// (for <see cref="ReferenceExperiment.Oracle"/>; <see cref="ExperimentOptions.Truth"/>), else a null truth.
    /// </summary>
    /// <inheritdoc cref="Load(string, PseudoDatasetOptions?)" path="/param"/>
    public static (RecommendationDataset Dataset, PseudoDatasetTruth? Truth) LoadWithTruth(string spec, PseudoDatasetOptions? pseudoOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (spec.Equals(Pseudo, StringComparison.OrdinalIgnoreCase))
        {
            var generated = PseudoDatasetGenerator.GenerateWithTruth(pseudoOptions);
            return (generated.Dataset, generated.Truth);
        }
        return (LoadFile(spec), null);
    }

    private static RecommendationDataset LoadFile(string spec)
    {
        if (spec.Equals(MovieLensSmall, StringComparison.OrdinalIgnoreCase))
            return MovieLensLoader.Load(FindMovieLensSmall());
        if (PostgresDataSpec.IsPostgres(spec))
            return PostgresDataset.Load(PostgresDataSpec.ConnectionString(spec));
        if (!Directory.Exists(spec))
            throw new DirectoryNotFoundException(
                $"--data '{spec}' is neither '{Pseudo}', '{MovieLensSmall}', an existing folder nor '{PostgresDataSpec.Prefix}' and a connection string.");
        if (File.Exists(Path.Combine(spec, MovieLensLoader.RatingsFile)) && File.Exists(Path.Combine(spec, MovieLensLoader.MoviesFile)))
            return MovieLensLoader.Load(spec);
        return DatasetFolder.Load(spec);
    }

    /// <summary>
    /// The warning for a <paramref name="spec"/> that names a built-in dataset while a folder of that name exists in the
    /// working directory; null otherwise. The built-in dataset wins, so that <c>--data pseudo</c> means the same data
    /// wherever it runs (results, examples and tests depend on it); <c>./pseudo</c> names the folder.
    /// </summary>
    public static string? ShadowWarning(string spec) => ShadowWarning(spec, Directory.GetCurrentDirectory());

    internal static string? ShadowWarning(string spec, string workingDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        var builtIn = spec.Equals(Pseudo, StringComparison.OrdinalIgnoreCase) ? "the generated pseudo dataset"
            : spec.Equals(MovieLensSmall, StringComparison.OrdinalIgnoreCase) ? "MovieLens latest-small"
            : null;
        var folder = Path.Combine(workingDirectory, spec);
        return builtIn is not null && Directory.Exists(folder)
            ? $"--data '{spec}' means {builtIn}, not the folder '{Path.GetFullPath(folder)}'; to load that folder, pass --data {Path.Combine(".", spec)}."
            : null;
    }

    /// <summary>
    /// Finds <c>shared/data/ml-latest-small</c> by walking up from the working directory and from the program's own
    /// folder; the environment variable <c>TWOTOWER_MOVIELENS_SMALL</c> overrides the search.
    /// </summary>
    public static string FindMovieLensSmall()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TWOTOWER_MOVIELENS_SMALL");
        if (!string.IsNullOrEmpty(fromEnvironment))
            return fromEnvironment;
        var relative = Path.Combine("shared", "data", "ml-latest-small");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, relative);
                if (File.Exists(Path.Combine(candidate, MovieLensLoader.RatingsFile)))
                    return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"MovieLens latest-small was not found in '{relative}' above the working directory; " +
            "set TWOTOWER_MOVIELENS_SMALL to its folder or pass the folder to --data.");
    }
}
