using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Datasets.Generation;

namespace MLNet.TwoTower.Tests.Examples;

/// <summary>
/// The README's API block is what most users copy first: it must match <see cref="ReadmeApiSnippet"/> (which the
/// build compiles) and run. It changes the working directory, so its collection runs alone.
/// </summary>
[Collection(ReadmeSnippetCollection.Name)]
public class ReadmeApiSnippetTests
{
    private static string[] CodeLines(IEnumerable<string> lines) =>
        lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

    [Fact]
    public void ReadmeBlock_IsTheCompiledSnippet()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        int section = readme.IndexOf("## The API in 20 lines", StringComparison.Ordinal);
        Assert.True(section >= 0, "README has no 'The API in 20 lines' section.");
        int begin = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        int end = readme.IndexOf("```", begin, StringComparison.Ordinal);
        var fromReadme = CodeLines(readme[begin..end].Split('\n'));

        var source = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "test", "MLNet.TwoTower.Tests", "Examples", "ReadmeApiSnippet.cs"));
        int first = Array.FindIndex(source, l => l.Trim() == "// README begin");
        int last = Array.FindIndex(source, l => l.Trim() == "// README end");
        var compiled = CodeLines(source[(first + 1)..last]);

        Assert.Equal(fromReadme, compiled);
    }

    [Fact]
    public void ReadmeBlock_RunsOnADatasetFolder()
    {
        using var temp = new TempFolder("tt-readme");
        var work = temp.Path;
        var dataset = PseudoDatasetGenerator.Generate(new PseudoDatasetOptions { Seed = 42, UserCount = 150, ItemCount = 80, RatingCount = 3_000 });
        DatasetFolder.Save(dataset, Path.Combine(work, "my-data"));
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(work);
            var result = ReadmeApiSnippet.Run();

            Assert.Equal(10, result.Top10.Length);
            Assert.Equal(10, result.ColdTop10.Length);
            Assert.Equal(10, result.Top10.Select(i => i.ItemKey).Distinct().Count());
            // "seen items excluded": none of user 7's training items comes back, and the list is best first.
            Assert.NotEmpty(result.SeenByUser7);
            Assert.DoesNotContain(result.Top10, item => result.SeenByUser7.Contains(item.ItemKey));
            Assert.Equal(result.Top10.OrderByDescending(i => i.Score).Select(i => i.ItemKey), result.Top10.Select(i => i.ItemKey));
            // "loads back without libtorch": the saved model scores the test set to exactly the same nDCG@10.
            Assert.InRange(result.Ndcg10, 0.0, 1.0);
            Assert.Equal(result.Ndcg10, result.ReloadedNdcg10);
            foreach (var file in new[] { "model.zip", "user_tower.onnx", "item_tower.onnx" })
                Assert.True(new FileInfo(Path.Combine(work, file)).Length > 0, $"{file} was not written.");
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }
}

/// <summary>Tests that change the process's working directory: run after and apart from every parallel test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReadmeSnippetCollection
{
    public const string Name = "Working directory";
}
