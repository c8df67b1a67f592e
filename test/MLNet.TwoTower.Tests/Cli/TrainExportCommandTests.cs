using Microsoft.ML.OnnxRuntime;
using MLNet.TwoTower.Cli;
using MLNet.TwoTower.Experiments;
using Spectre.Console.Testing;

namespace MLNet.TwoTower.Tests.Cli;

public class TrainExportCommandTests
{
    [Fact]
    public void TrainThenExportOnnx_WritesAModelFolderAndTowersOnnxRuntimeOpens()
    {
        var root = Directory.CreateTempSubdirectory("tt-train").FullName;
        var model = Path.Combine(root, "model");
        var onnx = Path.Combine(root, "onnx");
        var console = new TestConsole().Width(160);

        Assert.Equal(0, CliApp.Run(["train", "--data", "pseudo", "--users", "80", "--items", "40", "--ratings", "1600",
            "--text", "ngrams", "--epochs", "1", "--out", model], console));
        foreach (var file in new[] { ModelFolder.Model, ModelFolder.Parameters, ModelFolder.UserFeatures, ModelFolder.ItemFeatures, ModelFolder.Keys })
            Assert.True(File.Exists(Path.Combine(model, file)), file);
        Assert.Equal(80, ModelFolder.LoadKeys(model).Users.Length);

        Assert.Equal(0, CliApp.Run(["export-onnx", "--model", model, "--out", onnx], console));
        using var user = new InferenceSession(Path.Combine(onnx, "user_tower.onnx"));
        using var item = new InferenceSession(Path.Combine(onnx, "item_tower.onnx"));
        Assert.Equal(["UserEmbedding"], user.OutputMetadata.Keys);
        Assert.Equal(["ItemEmbedding"], item.OutputMetadata.Keys);
    }

    [Fact]
    public void ExportOnnx_FolderWithoutModel_SaysWhatIsMissing()
    {
        var console = new TestConsole().Width(200);
        var empty = Directory.CreateTempSubdirectory("tt-empty").FullName;
        Assert.NotEqual(0, CliApp.Run(["export-onnx", "--model", empty, "--out", Path.Combine(empty, "x")], console));
        Assert.Contains(ModelFolder.Parameters, console.Output);
    }
}
