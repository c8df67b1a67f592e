using System.ComponentModel;
using Microsoft.Extensions.Hosting;
using MLNet.TwoTower.Serving.Http;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary><c>twotower serve</c>: the recommendation service over a package, until Ctrl+C.</summary>
public sealed class ServeCommand(IAnsiConsole console) : Command<ServeCommand.Settings>
{
    /// <summary>Options of <c>serve</c>.</summary>
    public sealed class Settings : CliSettings
    {
        /// <summary>Package folder.</summary>
        [CommandOption("--model <DIR>")]
        [Description("Package folder written by 'twotower train'; a new version written into it is picked up without dropping requests.")]
        public string Model { get; init; } = "";

        /// <summary>Listen URLs.</summary>
        [CommandOption("--urls <URLS>")]
        [Description("URLs to listen on, separated by ';'.")]
        [DefaultValue("http://127.0.0.1:5080")]
        public string Urls { get; init; } = "http://127.0.0.1:5080";

        /// <summary>HNSW efSearch override.</summary>
        [CommandOption("--ef-search <N>")]
        [Description("HNSW efSearch to serve with instead of the package's (320 by default): lower is faster and finds less of the true top-k. Ignored by an exact index.")]
        public int? EfSearch { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required.")
            : EfSearch is < 1 ? ValidationResult.Error($"--ef-search must be at least 1; got {EfSearch}.")
            : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var options = new RecommendationServerOptions
            {
                ModelDirectory = settings.Model, Urls = settings.Urls, ExpansionSearch = settings.EfSearch,
            };
            var app = RecommendationServer.Build(options);
            app.StartAsync(stop.Token).GetAwaiter().GetResult();
            console.MarkupLine($"serving [green]{Markup.Escape(Path.GetFullPath(settings.Model))}[/] on {Markup.Escape(settings.Urls)} (Ctrl+C stops)");
            app.WaitForShutdownAsync(stop.Token).GetAwaiter().GetResult();
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
