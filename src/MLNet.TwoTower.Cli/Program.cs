using MLNet.TwoTower.Cli;

// Ctrl+C asks the running command to stop at the next batch (exit code 130, nothing written); a second Ctrl+C ends
// the process at once, as usual.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancellation.IsCancellationRequested)
        return;
    e.Cancel = true;
    cancellation.Cancel();
};
return CliApp.Run(args, cancellationToken: cancellation.Token);
