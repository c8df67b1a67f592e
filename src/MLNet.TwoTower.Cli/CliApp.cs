using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli;

/// <summary>
/// The <c>twotower</c> command line. Results go to the output console (stdout), errors, warnings and progress to the
/// error console (stderr); the exit code is one of <see cref="ExitCodes"/>. Unknown options and arguments are errors.
/// </summary>
public static class CliApp
{
    /// <summary>Runs one command line and returns its exit code.</summary>
    /// <param name="args">The arguments after <c>twotower</c>.</param>
    /// <param name="output">Results (tables, paths written, help, version); null for stdout.</param>
    /// <param name="errors">Errors, warnings, progress bars; null for stderr, or for <paramref name="output"/> when
    /// only that is given (a test's single console sees everything, as a terminal would).</param>
    /// <param name="cancellationToken">Cancels a running command (Ctrl+C in <c>Program</c>): training stops at the
    /// next batch, nothing is written, and the exit code is <see cref="ExitCodes.Cancelled"/>.</param>
    public static int Run(string[] args, IAnsiConsole? output = null, IAnsiConsole? errors = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        output ??= AnsiConsole.Console;
        errors ??= output == AnsiConsole.Console ? StandardError() : output;
        var reporter = new ErrorReporter(errors, args, verbose: args.Contains(CliSettings.VerboseOption, StringComparer.Ordinal));

        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("twotower");
            // This assembly's version, not the entry assembly's (a test host's, when tests call Run).
            config.SetApplicationVersion(Version);
            config.ConfigureConsole(output);
            config.UseStrictParsing();
            config.ValidateExamples();
            config.CancellationExitCode(ExitCodes.Cancelled);
            config.Settings.Registrar.RegisterInstance(new ErrorConsole(errors));
            config.SetExceptionHandler((exception, _) => reporter.Report(exception));
            foreach (var command in CliCommands.All)
            {
                var registered = command.Add(config, command.Name).WithDescription(command.Description);
                foreach (var example in command.Examples)
                    registered.WithExample(example);
            }
        });
        return app.Run(args, cancellationToken);
    }

    /// <summary>What <c>twotower --version</c> prints: the informational version (package version + commit).</summary>
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static IAnsiConsole StandardError() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}
