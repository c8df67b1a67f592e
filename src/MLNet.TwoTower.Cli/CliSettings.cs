using System.ComponentModel;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli;

/// <summary>Options every <c>twotower</c> command accepts.</summary>
public class CliSettings : CommandSettings
{
    /// <summary>Stack traces with errors.</summary>
    [CommandOption("--verbose")]
    [Description("Print the stack trace with an error (for a bug report).")]
    public bool Verbose { get; init; }

    /// <summary>The option that turns on stack traces, read by <see cref="CliApp"/> before parsing.</summary>
    internal const string VerboseOption = "--verbose";
}
