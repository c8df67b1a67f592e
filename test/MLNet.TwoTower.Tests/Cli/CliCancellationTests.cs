using MLNet.TwoTower.Cli;
using MLNet.TwoTower.Tests.Datasets;
using Spectre.Console.Testing;

namespace MLNet.TwoTower.Tests.Cli;

public class CliCancellationTests
{
    [Fact]
    public void Train_CancelledWhileRunning_ExitCode130AndNoModelFolder()
    {
        using var folder = new TempFolder();
        var model = Path.Combine(folder.Path, "model");
        using var cancellation = new CancellationTokenSource();
        // Ctrl+C once the dataset is loaded: featurising and training must not start or must stop, and nothing is saved.
        var errors = new CancellingConsole(new TestConsole().Width(200), "dataset pseudo", cancellation);
        var output = new TestConsole().Width(200);

        int exit = CliApp.Run(["train", "--data", "pseudo", "--users", "80", "--items", "40", "--ratings", "1600",
            "--text", "ngrams", "--epochs", "50", "--out", model], output, errors, cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Contains("cancelled", errors.Output);
        Assert.False(Directory.Exists(model), "a cancelled train must not leave a model folder");
        Assert.Equal("", output.Output);
    }
}
