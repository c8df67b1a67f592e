using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace MLNet.TwoTower.Tests.Persistence;

/// <summary>
/// Loads a saved model in a fresh process (test/MLNet.TwoTower.LoadCheck) that has trained nothing, built nothing
/// and touched no MLNet.TwoTower type before loading, and compares its scores bit for bit.
/// </summary>
public sealed class CrossProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TempFolder _temp = new("twotower-process-");

    private string _folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LoadInAnotherProcess_ScoresBitIdentical_WithoutLibTorch()
    {
        var (modelPath, rowsPath, expected) = SaveModelAndRows();

        var result = RunLoadCheck("registered", modelPath, rowsPath);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal(expected, result.Scores);
        output.WriteLine($"Native libraries mapped after scoring ({result.Libraries.Length}):");
        foreach (var library in result.Libraries)
            output.WriteLine($"  {library}");
        Assert.Contains(result.Libraries, l => l.Contains("libonnxruntime", StringComparison.Ordinal)); // the check sees natives
        Assert.DoesNotContain(result.Libraries, l => l.Contains("libtorch", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(result.Libraries, l => l.Contains("LibTorchSharp", StringComparison.OrdinalIgnoreCase));
        // Stronger still: the program references only the scoring package (see its .csproj), so neither TorchSharp's
        // assembly nor any libtorch library reaches its folder.
        var matchAnyCase = new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive, RecurseSubdirectories = true };
        var programFolder = Path.GetDirectoryName(LoadCheckDll())!;
        Assert.Empty(Directory.GetFiles(programFolder, "*torch*.so*", matchAnyCase));
        Assert.Empty(Directory.GetFiles(programFolder, "TorchSharp*.dll", matchAnyCase));
        Assert.False(File.Exists(Path.Combine(programFolder, "MLNet.TwoTower.Training.dll")));
    }

    [Fact]
    public void BareMLNetLoad_InProcessThatNeverTouchedTheLibrary_LoadsItByNameAndScoresBitIdentical()
    {
        // Guards the claim that users need no ComponentCatalog.RegisterAssembly call: the saved CustomMapping
        // records its factory's assembly name ("MLNet.TwoTower, Version=…") and ML.NET loads that assembly itself.
        var (modelPath, rowsPath, expected) = SaveModelAndRows();

        var result = RunLoadCheck("plain", modelPath, rowsPath);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal("not loaded", result.BeforeLoad);
        Assert.Equal("loaded", result.AfterLoad);
        Assert.Equal(expected, result.Scores);
    }

    private (string Model, string Rows, string[] Scores) SaveModelAndRows()
    {
        var (featurizer, raw) = RawPipeline.Fit(_ml);
        var model = featurizer.Append(TestModels.Transformer(_ml));
        var modelPath = Path.Combine(_folder, "model.zip");
        var rowsPath = Path.Combine(_folder, "rows.idv");
        _ml.Model.Save(model, raw.Schema, modelPath);
        using (var stream = File.Create(rowsPath))
            _ml.Data.SaveAsBinary(raw, stream);
        var scores = model.Transform(raw).GetColumn<float>("Score")
            .Select(s => BitConverter.SingleToInt32Bits(s).ToString("x8", CultureInfo.InvariantCulture)).ToArray();
        return (modelPath, rowsPath, scores);
    }

    private LoadCheckResult RunLoadCheck(string mode, string modelPath, string rowsPath)
    {
        var outputFolder = Directory.CreateDirectory(Path.Combine(_folder, mode)).FullName;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[] { LoadCheckDll(), mode, modelPath, rowsPath, outputFolder })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException("MLNet.TwoTower.LoadCheck did not finish within 2 minutes.");
        }
        string Read(string name) => File.Exists(Path.Combine(outputFolder, name)) ? File.ReadAllText(Path.Combine(outputFolder, name)) : "";
        string[] Lines(string name) => Read(name).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new LoadCheckResult(process.ExitCode, Lines("scores.txt"), Lines("libraries.txt"), Read("before-load.txt"),
            Read("after-load.txt"), Read("error.txt"), stdout + stderr.Result);
    }

    /// <summary>The helper program's build output, next to this test project's (same configuration and framework).</summary>
    private static string LoadCheckDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var testRoot = testOutput.Parent.Parent!.Parent!.Parent!.FullName; // …/test
        var dll = Path.Combine(testRoot, "MLNet.TwoTower.LoadCheck", "bin", configuration, framework, "MLNet.TwoTower.LoadCheck.dll");
        Assert.True(File.Exists(dll), $"Build test/MLNet.TwoTower.LoadCheck first; expected {dll}.");
        return dll;
    }

    private sealed record LoadCheckResult(int ExitCode, string[] Scores, string[] Libraries, string BeforeLoad, string AfterLoad, string Error, string Console)
    {
        public string Describe() => $"exit {ExitCode}; MLNet.TwoTower before load: {BeforeLoad}, after: {AfterLoad}; error: {Error}; console: {Console}";
    }
}
