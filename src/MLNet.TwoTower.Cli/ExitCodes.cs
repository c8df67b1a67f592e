namespace MLNet.TwoTower.Cli;

/// <summary>
/// The exit codes of <c>twotower</c>, following the .NET and POSIX conventions (System.CommandLine and
/// Spectre.Console.Cli return 130 on Ctrl+C as a shell does for SIGINT: 128 + 2).
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran and failed (bad data, a missing model file, …); the message on stderr says why.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown command or option, missing or invalid value).</summary>
    public const int UsageError = 2;

    /// <summary>Cancelled with Ctrl+C; nothing was written.</summary>
    public const int Cancelled = 130;
}
