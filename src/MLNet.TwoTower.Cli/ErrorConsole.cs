using Spectre.Console;

namespace MLNet.TwoTower.Cli;

/// <summary>
/// The console for everything that is not a result: errors, warnings, progress bars and status lines (stderr when run
/// from a shell). Commands take it next to their <see cref="IAnsiConsole"/> (stdout), so that
/// <c>twotower recommend … &gt; top10.txt</c> holds only the table.
/// </summary>
public sealed class ErrorConsole(IAnsiConsole console)
{
    /// <summary>The console to write to.</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Writes a warning line.</summary>
    public void Warning(string message) => Console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");
}
