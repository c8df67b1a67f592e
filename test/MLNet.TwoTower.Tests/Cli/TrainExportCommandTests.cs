using Microsoft.ML.OnnxRuntime;
using MLNet.TwoTower.Cli;
using MLNet.TwoTower.Serving.Package;
using Spectre.Console.Testing;

namespace MLNet.TwoTower.Tests.Cli;

public sealed class TrainExportCommandTests
{
    [Fact]
    public void TrainRecommendExport_ModelFolderServesKnownAndNewUsersAndExportsTowers()
    {
        using var temp = new TempFolder("tt-train");
        var root = temp.Path;
        var model = Path.Combine(root, "model");
        var onnx = Path.Combine(root, "onnx");
        var console = new TestConsole().Width(160);

        Assert.Equal(0, CliApp.Run(["train", "--data", "pseudo", "--users", "80", "--items", "40", "--ratings", "1600",
            "--text", "ngrams", "--epochs", "1", "--out", model], console));
        using (var package = RecommendationPackage.Open(model))
        {
            Assert.Equal(80, package.UserIds.Count);
            Assert.Equal("NGrams", package.Metadata.TextFeaturizer);
            // What validation chose is printed and saved: the kept epoch's figures, β and λ (GET /model shows them).
            var metrics = package.Metadata.Metrics;
            Assert.Equal(1, metrics["bestEpoch"]);
            Assert.Contains(metrics["popularityPriorWeight"], new TwoTowerTrainer.Options().PopularityPriorWeightCandidates.Select(b => (double)b));
            Assert.Contains(metrics["scoreMix"], new TwoTowerTrainer.Options().ScoreMixCandidates.Select(l => (double)l));
            Assert.InRange(metrics["validationNdcg@10"], 0, 1);
        }
        Assert.Contains("chosen on the validation slice: epoch 1;", console.Output);

        // Recommend for a known user and for a brand-new one described only by profile fields: --model is all it
        // needs (no --data, no --text: the package holds the featurisers, ids and index).
        var known = new TestConsole().Width(160);
        Assert.Equal(0, CliApp.Run(["recommend", "--model", model, "--user", "u07", "-k", "3"], known));
        Assert.Matches(@"│ 3\s+│ i\d+", known.Output);
        var json = new TestConsole().Width(400);
        Assert.Equal(0, CliApp.Run(["recommend", "--model", model, "--user", "u07", "-k", "3", "--json"], json));
        using (var document = System.Text.Json.JsonDocument.Parse(json.Output))
            Assert.Equal(3, document.RootElement.GetProperty("items").GetArrayLength());
        var fresh = new TestConsole().Width(160);
        Assert.Equal(0, CliApp.Run(["recommend", "--model", model, "-k", "4",
            "--new-user", "{\"age\": 29, \"occupation\": \"teacher\", \"self_introduction\": \"I love hiking and old jazz records.\"}"], fresh));
        Assert.Matches(@"│ 4\s+│ i\d+", fresh.Output);
        var wrong = new TestConsole().Width(200);
        Assert.NotEqual(0, CliApp.Run(["recommend", "--model", model, "--new-user", "{\"shoe_size\": 44}"], wrong));
        Assert.Contains("shoe_size", wrong.Output);

        Assert.Equal(0, CliApp.Run(["export-onnx", "--model", model, "--out", onnx], console));
        Assert.Equal([OnnxExport.ItemTowerFile, OnnxExport.UserTowerFile], Directory.GetFiles(onnx).Select(Path.GetFileName).Order());
        using var user = new InferenceSession(Path.Combine(onnx, "user_tower.onnx"));
        using var item = new InferenceSession(Path.Combine(onnx, "item_tower.onnx"));
        Assert.Equal(["UserEmbedding", "UserRankingEmbedding"], user.OutputMetadata.Keys);
        Assert.Equal(["ItemEmbedding"], item.OutputMetadata.Keys);
    }

    [Fact]
    public void ExportOnnx_FolderWithoutModel_SaysWhatIsMissing()
    {
        var console = new TestConsole().Width(200);
        using var temp = new TempFolder("tt-empty");
        var empty = temp.Path;
        Assert.NotEqual(0, CliApp.Run(["export-onnx", "--model", empty, "--out", Path.Combine(empty, "x")], console));
        Assert.Contains("not a recommendation package", console.Output);
    }
}
