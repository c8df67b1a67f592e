using System.Net;
using System.Net.Sockets;
using MLNet.TwoTower.Cli;
using MLNet.TwoTower.Tests.Datasets;
using Spectre.Console;
using Spectre.Console.Testing;

namespace MLNet.TwoTower.Tests.Cli;

public class HelpExampleTests
{
    /// <summary>
    /// A smaller pseudo dataset than the default 2,000 users: 1,000 users keep the 4-digit ids (<c>u0042</c>) of the
    /// examples; fewer items and ratings (the generator's minimum of 5 per user) keep the test short.
    /// </summary>
    private static readonly string[] SmallerPseudo = ["--users", "1000", "--items", "40", "--ratings", "5000"];

    /// <summary>Two epochs instead of each model's 20, for the commands that train.</summary>
    private static readonly string[] FewerEpochs = ["--epochs", "2"];

    private static readonly string[] PathOptions = ["--json", "--charts", "--out", "--model"];

    [Fact]
    public void EveryHelpExample_RunsAsWritten()
    {
        // Issue 15: the example `recommend --user u00042` failed (pseudo ids are u0042). Only the dataset size, the
        // epochs and the output locations are changed here; every option of the example is passed as written.
        using var folder = new TempFolder();
        Assert.All(CliCommands.All, command => Assert.NotEmpty(command.Examples));

        foreach (var example in CliCommands.All.SelectMany(c => c.Examples))
        {
            var output = new TestConsole().Width(200);
            var errors = new TestConsole().Width(200);
            int exit = example[0] == "serve"
                ? RunServerUntilHealthy(Substitute(example, folder.Path), output, errors)
                : CliApp.Run(Substitute(example, folder.Path), output, errors);

            Assert.True(exit == ExitCodes.Success, $"'twotower {string.Join(' ', example)}' exited {exit}:\n{errors.Output}");
            if (example[0] == "recommend")
                Assert.Matches(@"│ 10\s+│ i\d+", output.Output);
        }

        Assert.True(File.Exists(Path.Combine(folder.Path, "results.json")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder.Path, "charts"), "*.png"));
        Assert.True(File.Exists(Path.Combine(folder.Path, "onnx", "user_tower.onnx")));
    }

    /// <summary>
    /// A server runs until stopped: start the example on a free loopback port instead of its 5080, wait until
    /// <c>/healthz</c> answers, then stop it as Ctrl+C would (through the cancellation token).
    /// </summary>
    private static int RunServerUntilHealthy(string[] args, IAnsiConsole output, IAnsiConsole errors)
    {
        int urls = Array.IndexOf(args, "--urls");
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            args[urls + 1] = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        }
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => CliApp.Run(args, output, errors, stop.Token));
        using var client = new HttpClient { BaseAddress = new Uri(args[urls + 1]), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!server.IsCompleted && DateTime.UtcNow < deadline)
        {
            try
            {
                if (client.GetAsync("/healthz").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK)
                    break;
            }
            catch (HttpRequestException)
            {
            }
            Thread.Sleep(250);
        }
        Assert.False(server.IsCompleted, $"serve stopped before answering /healthz:\n{errors.ToString()}");
        Assert.True(DateTime.UtcNow < deadline, "serve did not answer /healthz within 120 s");
        stop.Cancel();
        return server.GetAwaiter().GetResult();
    }

    private static string[] Substitute(string[] example, string folder)
    {
        var args = new List<string>();
        for (int i = 0; i < example.Length; i++)
        {
            var previous = i > 0 ? example[i - 1] : "";
            args.Add(PathOptions.Contains(previous) ? Path.Combine(folder, example[i]) : example[i]);
            if (previous == "--data" && example[i] == "pseudo")
                args.AddRange(SmallerPseudo);
        }
        if (example[0] is "compare" or "train")
            args.AddRange(FewerEpochs);
        return args.ToArray();
    }
}
