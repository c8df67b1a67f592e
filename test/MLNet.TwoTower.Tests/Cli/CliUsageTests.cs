using System.Reflection;
using MLNet.TwoTower.Cli;
using Spectre.Console.Testing;

namespace MLNet.TwoTower.Tests.Cli;

/// <summary>The command line behaves like a .NET tool: strict parsing, exit codes, stderr for errors, --version.</summary>
public class CliUsageTests
{
    private static (int Exit, string Output, string Errors) Run(params string[] args)
    {
        var output = new TestConsole().Width(200);
        var errors = new TestConsole().Width(200);
        var exit = CliApp.Run(args, output, errors);
        return (exit, output.Output, errors.Output);
    }

    [Fact]
    public void Train_MisspelledOption_UsageErrorSuggestingTheCloseOne()
    {
        // Issue 15: `train --epoch 1` was accepted and trained the default 20 epochs.
        var (exit, output, errors) = Run("train", "--epoch", "1", "--out", "model");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("Unknown option 'epoch'", errors);
        Assert.Contains("Did you mean '--epochs'?", errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void Train_UnknownOption_UsageErrorListingTheCommandsOptions()
    {
        var (exit, output, errors) = Run("train", "--out", "model", "--bogus", "1");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("'train' has no option '--bogus'; its options are --data, --epochs,", errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void Train_UnexpectedArgument_UsageError()
    {
        var (exit, _, errors) = Run("train", "--out", "model", "extra");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("'extra'", errors);
    }

    [Fact]
    public void Train_UnknownIndexPrecision_UsageErrorNamingTheChoices()
    {
        var (exit, output, errors) = Run("train", "--out", "model", "--index-precision", "int8");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--index-precision must be float32 or float16; got 'int8'", errors);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void Serve_EfSearchBelowOne_UsageErrorNamingTheOption(string value)
    {
        var (exit, output, errors) = Run("serve", "--model", "package", "--ef-search", value);

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--ef-search must be at least 1", errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void Train_WithoutOut_UsageErrorSayingWhatIsMissing()
    {
        var (exit, output, errors) = Run("train");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--out is required", errors);
        Assert.Contains("twotower train --help", errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void Train_EpochsNotANumber_UsageErrorNamingOptionAndExpectedValue()
    {
        var (exit, _, errors) = Run("train", "--out", "model", "--epochs", "abc");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--epochs expects a whole number; got 'abc'.", errors);
    }

    [Fact]
    public void Compare_MissingDataFolder_FailureOnStderrOnly()
    {
        var (exit, output, errors) = Run("compare", "--data", "/no/such/folder");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("/no/such/folder", errors);
        Assert.DoesNotContain("   at ", errors);
        Assert.Equal("", output);
    }

    [Fact]
    public void Verbose_Failure_AddsTheStackTrace()
    {
        var (exit, _, errors) = Run("compare", "--data", "/no/such/folder", "--verbose");

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("DirectoryNotFoundException", errors);
        Assert.Contains("   at MLNet.TwoTower.Experiments.DatasetSource.Load", errors);
    }

    [Fact]
    public void Version_PrintsTheInformationalVersionOnStdout()
    {
        var expected = typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var (exit, output, errors) = Run("--version");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(expected, output.Trim());
        Assert.Equal("", errors);
    }

    [Fact]
    public void Help_ShowsTheExamplesOnStdout()
    {
        var (exit, output, _) = Run("recommend", "--help");

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("--user u0042", output);
        Assert.Contains("--verbose", output);
    }

    [Fact]
    public void SingleConsole_ErrorsGoThereToo()
    {
        // A caller that passes one console (a terminal) sees errors on it.
        var console = new TestConsole().Width(200);
        Assert.Equal(ExitCodes.UsageError, CliApp.Run(["train"], console));
        Assert.Contains("--out is required", console.Output);
    }
}
