using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Tests.Persistence;

namespace MLNet.TwoTower.Tests.Serving;

/// <summary>
/// Issue 13 §4: a service that only scores ships without libtorch. <c>dotnet publish</c> of
/// test/MLNet.TwoTower.PublishCheck (it references MLNet.TwoTower and MLNet.TwoTower.Serving only) into a temporary
/// folder; the published folder must hold no libtorch, TorchSharp or LibTorchSharp file, and the published program
/// must load a saved model and score it exactly as this process does.
/// </summary>
public sealed class PublishTests : IDisposable
{
    private readonly TempFolder _temp = new("twotower-publish-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Publish_ServiceReferencingTheScoringPackageOnly_HasNoLibTorchAndScores()
    {
        var publish = _temp.File("publish");
        var (exit, console) = Run(Dotnet(), ["publish", PublishCheckProject(), "-c", Configuration(), "--no-build",
            "-o", publish, "-nodeReuse:false", "-p:UseSharedCompilation=false"]);
        Assert.True(exit == 0, $"dotnet publish failed ({exit}):\n{console}");

        var anyCase = new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive, RecurseSubdirectories = true };
        var torch = new[] { "libtorch*", "TorchSharp*", "LibTorchSharp*", "MLNet.TwoTower.Training*" }
            .SelectMany(pattern => Directory.GetFiles(publish, pattern, anyCase)).ToArray();
        Assert.True(torch.Length == 0, "The published service holds Torch files:\n" + string.Join("\n", torch));
        Assert.True(File.Exists(Path.Combine(publish, "MLNet.TwoTower.Serving.dll")), "The serving library was not published.");
        Assert.NotEmpty(Directory.GetFiles(publish, "*onnxruntime*", anyCase)); // the search does see native libraries

        var (modelPath, rowsPath, expected) = SaveModelAndRows();
        var output = Directory.CreateDirectory(_temp.File("output")).FullName;
        var (runExit, runConsole) = Run(Dotnet(),
            [Path.Combine(publish, "MLNet.TwoTower.PublishCheck.dll"), modelPath, rowsPath, output]);
        Assert.True(runExit == 0, $"The published program failed ({runExit}):\n{runConsole}");
        Assert.Equal(expected, File.ReadAllLines(Path.Combine(output, "scores.txt")));
    }

    private (string Model, string Rows, string[] Scores) SaveModelAndRows()
    {
        var ml = new MLContext(seed: 1);
        var (featurizer, raw) = RawPipeline.Fit(ml);
        using var twoTower = TestModels.Transformer(ml);
        var model = featurizer.Append(twoTower);
        var modelPath = _temp.File("model.zip");
        var rowsPath = _temp.File("rows.idv");
        ml.Model.Save(model, raw.Schema, modelPath);
        using (var stream = File.Create(rowsPath))
            ml.Data.SaveAsBinary(raw, stream);
        var scores = model.Transform(raw).GetColumn<float>("Score")
            .Select(s => BitConverter.SingleToInt32Bits(s).ToString("x8", CultureInfo.InvariantCulture)).ToArray();
        return (modelPath, rowsPath, scores);
    }

    private static (int ExitCode, string Console) Run(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{program} {string.Join(' ', start.ArgumentList)}' did not finish within 4 minutes.");
        }
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string Dotnet() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>The configuration this test project was built in (the publish check was built with it).</summary>
    private static string Configuration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string PublishCheckProject()
    {
        var project = Path.Combine(RepositoryPaths.Root, "test", "MLNet.TwoTower.PublishCheck", "MLNet.TwoTower.PublishCheck.csproj");
        Assert.True(File.Exists(project), $"Expected the publish check project at {project}.");
        return project;
    }
}
