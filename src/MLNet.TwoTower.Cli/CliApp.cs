using MLNet.TwoTower.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli;

/// <summary>The <c>twotower</c> command line; tests call <see cref="Run"/> with their own console.</summary>
public static class CliApp
{
    /// <summary>Runs one command line and returns the exit code (0 ok, 1 failed with a message).</summary>
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("twotower");
            if (console is not null)
                config.ConfigureConsole(console);
            // Errors are the library's own messages; print them, not a stack trace.
            config.SetExceptionHandler((exception, _) =>
            {
                (console ?? AnsiConsole.Console).MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
                return 1;
            });
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("Run the reference experiment: Random, Popularity, MatrixFactorization, TwoTower, TwoTowerReference on warm users, cold-start users and the full catalogue.")
                .WithExample("compare", "--data", "pseudo", "--json", "results.json", "--charts", "charts");
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Train the library-default Two-Tower model on all interactions and save it in a folder.")
                .WithExample("train", "--data", "pseudo", "--out", "model");
            config.AddCommand<RecommendCommand>("recommend")
                .WithDescription("Top-K items for a known user id, or for a new user described by profile fields (JSON).")
                .WithExample("recommend", "--model", "model", "--user", "u00042")
                .WithExample("recommend", "--model", "model", "--new-user", "{\"age\": 34, \"self_introduction\": \"I love hiking and jazz.\"}")
                .WithExample("recommend", "--model", "model", "--all-users", "--to", "postgres:Host=localhost;Database=shop;Username=writer", "--table", "recs", "-k", "50");
            config.AddCommand<ExportOnnxCommand>("export-onnx")
                .WithDescription("Write a trained model's user and item towers as standalone ONNX files.")
                .WithExample("export-onnx", "--model", "model", "--out", "onnx");
        });
        return app.Run(args);
    }
}
