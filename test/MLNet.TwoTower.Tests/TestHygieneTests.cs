using System.Text.RegularExpressions;

namespace MLNet.TwoTower.Tests;

/// <summary>Rules about the tests themselves.</summary>
public class TestHygieneTests
{
    [Fact]
    public void TestSources_CreateTemporaryFilesOnlyThroughTempFolder()
    {
        // A temp folder made any other way is easy to leave behind (several were, before TempFolder was the only way).
        var forbidden = new Regex(@"CreateTempSubdirectory|GetTempFileName|GetTempPath");
        var root = Path.Combine(RepositoryPaths.Root, "test", "MLNet.TwoTower.Tests");
        // The PostgreSQL test server owns its data folder (given to the postgres user) and deletes it on Dispose and at
        // process exit, killing the server first if it does not stop.
        var allowed = new[]
        {
            Path.Combine(root, "TempFolder.cs"), Path.Combine(root, "TestHygieneTests.cs"),
            Path.Combine(root, "PostgreSql", "TemporaryPostgresServer.cs"),
        };
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(file => !allowed.Contains(file) && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(x => forbidden.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(root, x.file)}:{x.index + 1}: {x.line.Trim()}")
            .ToArray();
        Assert.True(offenders.Length == 0, "Use TempFolder (deleted on Dispose) instead:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TempFolder_DeletesItsFilesOnDispose()
    {
        string path;
        using (var folder = new TempFolder("twotower-hygiene-"))
        {
            path = folder.Path;
            folder.Write("a.txt", "a");
            Directory.CreateDirectory(folder.File("sub"));
            File.WriteAllText(Path.Combine(folder.File("sub"), "b.txt"), "b");
            Assert.True(Directory.Exists(path));
        }
        Assert.Equal(Environment.GetEnvironmentVariable("TWOTOWER_KEEP_TEST_FILES") is not null, Directory.Exists(path));
    }
}
