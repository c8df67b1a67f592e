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

    /// <summary>
    /// A dataset folder of implicit feedback: every rating 5. 80 users in two groups, each with 12 of their group's
    /// 20 items (titles name the group, so the item tower can tell them apart).
    /// </summary>
    private static void WriteAllFivesFolder(TempFolder folder)
    {
        var random = new Random(9);
        var interactions = new System.Text.StringBuilder("user_id,item_id,rating,timestamp\n");
        for (int user = 0; user < 80; user++)
        {
            int first = user % 2 * 20;
            foreach (var item in Enumerable.Range(first, 20).OrderBy(_ => random.Next()).Take(12))
                interactions.Append(FormattableString.Invariant($"u{user},i{item},5,{user * 100 + item}\n"));
        }
        folder.Write("interactions.csv", interactions.ToString());
        folder.Write("items.csv", "item_id,title\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"i{i},{(i < 20 ? "jazz hiking" : "opera chess")} item {i}\n")));
    }

    [Fact]
    public void Compare_AllRatingsFive_RefusesAndNamesImplicit_ThenImplicitRunsEndToEnd()
    {
        // Issue 11 §4: on a folder whose ratings are all 5, compare stopped after 12 s with "Matrix factorization
        // diverged at iteration 1: the training loss is NaN".
        using var temp = new TempFolder("tt-cli");
        WriteAllFivesFolder(temp);

        var refused = new TestConsole().Width(200);
        int exit = CliApp.Run(["compare", "--data", temp.Path, "--text", "ngrams", "--epochs", "2", "--threads", "1"], refused);
        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("--implicit", refused.Output);
        Assert.DoesNotContain("NaN", refused.Output);

        var json = Path.Combine(temp.Path, "implicit.json");
        var charts = Path.Combine(temp.Path, "charts");
        var console = new TestConsole().Width(200);
        exit = CliApp.Run(["compare", "--data", temp.Path, "--text", "ngrams", "--epochs", "2", "--threads", "1", "--implicit",
            "--json", json, "--charts", charts], console);

        Assert.True(exit == 0, console.Output);
        Assert.Contains("Implicit feedback", console.Output);
        Assert.Contains("MAP@10", console.Output);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal(["implicit", "implicitColdUsers", "implicitColdItems"], root.EnumerateObject().Select(p => p.Name));
        foreach (var model in new[] { "Random", "Popularity", "OneClassMatrixFactorization", "TwoTower" })
            foreach (var metric in new[] { "nDCG@10", "Precision@10", "Recall@10", "MAP@10" })
                Assert.InRange(root.GetProperty("implicit").GetProperty(model).GetProperty(metric).GetDouble(), 0, 1);
        // Two groups of 20 items: a model that learned anything ranks the user's own group first.
        double random = root.GetProperty("implicit").GetProperty("Random").GetProperty("nDCG@10").GetDouble();
        Assert.True(root.GetProperty("implicit").GetProperty("OneClassMatrixFactorization").GetProperty("nDCG@10").GetDouble() > random);
        foreach (var chart in new[] { "implicit.png", "implicitColdUsers.png", "implicitColdItems.png" })
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
