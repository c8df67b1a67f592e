using System.Text.Json;
using MLNet.TwoTower.Cli;
using Spectre.Console.Testing;

namespace MLNet.TwoTower.Tests.Cli;

public class CompareCommandTests
{
    [Fact]
    public void Compare_SmallPseudoDataset_PrintsEveryTableAndWritesEveryJsonKeyAndChart()
    {
        using var temp = new TempFolder("tt-cli");
        var folder = temp.Path;
        var json = Path.Combine(folder, "results.json");
        var charts = Path.Combine(folder, "charts");
        var console = new TestConsole().Width(160);

        int exit = CliApp.Run(
            ["compare", "--data", "pseudo", "--users", "120", "--items", "60", "--ratings", "2400", "--text", "ngrams",
             "--epochs", "2", "--seed", "3", "--json", json, "--charts", charts], console);

        Assert.True(exit == 0, console.Output);
        Assert.Contains("Warm users", console.Output);
        Assert.Contains("Cold-start users", console.Output);
        Assert.Contains("Full catalogue", console.Output);

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        string[] models = ["Random", "Popularity", "MatrixFactorization", "TwoTower", "TwoTowerReference"];
        foreach (var (protocol, metrics) in new[]
        {
            ("warm", new[] { "nDCG@1", "nDCG@3", "nDCG@5", "nDCG@10" }),
            ("coldUsers", new[] { "nDCG@1", "nDCG@3", "nDCG@5", "nDCG@10" }),
            ("fullCatalog", new[] { "nDCG@10", "Recall@10", "Recall@50", "MRR@10" }),
        })
        {
            foreach (var model in models)
            {
                foreach (var metric in metrics)
                {
                    var value = root.GetProperty(protocol).GetProperty(model).GetProperty(metric);
                    if (protocol == "coldUsers" && model == "MatrixFactorization")
                        Assert.Equal(JsonValueKind.Null, value.ValueKind); // MF cannot score users it never saw
                    else
                        Assert.InRange(value.GetDouble(), 0, 1);
                }
            }
        }
        foreach (var chart in new[] { "warm-ndcg.png", "coldUsers-ndcg.png", "fullCatalog.png", "training-loss.png" })
            Assert.True(new FileInfo(Path.Combine(charts, chart)).Length > 1000, chart);
    }

    [Fact]
    public void Compare_UnknownModel_FailsWithTheList()
    {
        var console = new TestConsole().Width(160);
        int exit = CliApp.Run(["compare", "--models", "TwoTower,Wide&Deep"], console);
        Assert.NotEqual(0, exit);
        Assert.Contains("Wide&Deep", console.Output);
        Assert.Contains("MatrixFactorization", console.Output);
    }

    [Fact]
    public void Compare_MissingFolder_SaysWhatDataAccepts()
    {
        var console = new TestConsole().Width(200);
        int exit = CliApp.Run(["compare", "--data", "/no/such/folder"], console);
        Assert.NotEqual(0, exit);
        Assert.Contains("/no/such/folder", console.Output);
        Assert.Contains("movielens-small", console.Output);
    }
}
