namespace MLNet.TwoTower.Tests;

/// <summary>Locates the checkout the tests were built from, for tests that read or run its files.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding <c>MLNet.TwoTower.sln</c>, searched upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MLNet.TwoTower.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException($"No MLNet.TwoTower.sln above {AppContext.BaseDirectory}.");
    }
}
