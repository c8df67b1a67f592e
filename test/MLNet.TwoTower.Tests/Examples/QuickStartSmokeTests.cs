using System.Diagnostics;

namespace MLNet.TwoTower.Tests.Examples;

/// <summary>Runs examples/QuickStart (small size) as a user would, so the README's first example keeps working.</summary>
public class QuickStartSmokeTests
{
    [Fact]
    public async Task QuickStart_Small_PrintsBothModelsAndRecommendationsForWarmAndNewUsers()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var dll = Path.Combine(RepositoryPaths.Root, "examples", "QuickStart", "bin", configuration, framework, "QuickStart.dll");
        Assert.True(File.Exists(dll), $"Build examples/QuickStart first; expected {dll}.");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--small");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "QuickStart did not finish in 5 minutes.");

        Assert.True(process.ExitCode == 0, output + await stderr);
        Assert.Matches(@"MatrixFactorization\s+nDCG@10 = 0\.\d{4}", output);
        Assert.Matches(@"TwoTower\s+nDCG@10 = 0\.\d{4}", output);
        Assert.Contains("Top 5 for warm user", output);
        Assert.Contains("Top 5 for a brand-new user", output);
        // Ten recommendation lines: "  <retrieval score with 3 decimals>  <title>".
        Assert.Equal(10, output.Split('\n').Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^  -?\d+\.\d{3}  \S")));
    }
}
