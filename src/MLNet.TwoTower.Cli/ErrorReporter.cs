using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli;

/// <summary>
/// Turns what went wrong into a message on the error console and an exit code (<see cref="ExitCodes"/>): a usage
/// error names the bad option and suggests the closest one; a failure prints the library's own message, with the stack
/// trace under <c>--verbose</c>; Ctrl+C says that nothing was written.
/// </summary>
internal sealed class ErrorReporter(IAnsiConsole errors, IReadOnlyList<string> args, bool verbose)
{
    public int Report(Exception exception)
    {
        int code;
        if (IsCancellation(exception))
        {
            errors.MarkupLine("[yellow]cancelled:[/] stopped at the next batch; no output was written.");
            code = ExitCodes.Cancelled;
        }
        else if (exception is CommandParseException parse)
        {
            if (parse.Pretty is { } pretty)
                errors.Write(pretty);
            else
                WriteError(parse.Message);
            if (UnknownOptionHint() is { } hint)
                errors.WriteLine(hint);
            WriteHelpHint();
            code = ExitCodes.UsageError;
        }
        else if (exception is CommandRuntimeException runtime)
        {
            // Validation failures, missing or unconvertible values: the command line is wrong, not the data.
            WriteError(ValueHint(runtime) ?? runtime.Message);
            WriteHelpHint();
            code = ExitCodes.UsageError;
        }
        else
        {
            WriteError(exception.Message);
            code = ExitCodes.Failure;
        }

        if (verbose)
            errors.WriteLine(exception.ToString());
        return code;
    }

    private static bool IsCancellation(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is OperationCanceledException)
                return true;
        }
        return false;
    }

    private void WriteError(string message) => errors.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    private void WriteHelpHint()
    {
        var command = Command();
        errors.WriteLine(command is null ? "Run 'twotower --help' for the commands." : $"Run 'twotower {command.Name} --help' for its options.");
    }

    private CliCommand? Command() =>
        args.Count == 0 ? null : CliCommands.All.FirstOrDefault(c => c.Name.Equals(args[0], StringComparison.OrdinalIgnoreCase));

    /// <summary>For an option the command does not have: the closest one it has, or the list of its options.</summary>
    internal string? UnknownOptionHint()
    {
        if (Command() is not { } command)
            return null;
        var known = command.OptionNames();
        var unknown = args.Skip(1)
            .Where(a => a.Length > 1 && a[0] == '-' && !double.TryParse(a, System.Globalization.CultureInfo.InvariantCulture, out _))
            .Select(a => a.Split('=', ':')[0])
            .FirstOrDefault(a => !known.Contains(a) && a is not ("-h" or "--help" or "-?"));
        if (unknown is null)
            return null;
        var closest = known.MinBy(k => EditDistance(k, unknown));
        return closest is not null && EditDistance(closest, unknown) <= Math.Max(2, unknown.Length / 3)
            ? $"Did you mean '{closest}'?"
            : $"'{command.Name}' has no option '{unknown}'; its options are {string.Join(", ", known.Order(StringComparer.Ordinal))}.";
    }

    /// <summary>
    /// For a value Spectre could not convert ("Failed to convert 'abc' to Nullable`1"): which option, what it expects.
    /// </summary>
    private string? ValueHint(CommandRuntimeException exception)
    {
        if (Command() is not { } command || !exception.Message.StartsWith("Failed to convert '", StringComparison.Ordinal))
            return null;
        for (int i = 2; i < args.Count; i++)
        {
            if (!exception.Message.StartsWith($"Failed to convert '{args[i]}'", StringComparison.Ordinal))
                continue;
            var option = args[i - 1];
            var property = command.SettingsType.GetProperties().FirstOrDefault(p => p
                .GetCustomAttributes(typeof(CommandOptionAttribute), inherit: true).Cast<CommandOptionAttribute>()
                .Any(o => o.LongNames.Any(n => "--" + n == option) || o.ShortNames.Any(n => "-" + n == option)));
            if (property is null)
                continue;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var expected = type == typeof(int) || type == typeof(long) ? "a whole number"
                : type == typeof(double) || type == typeof(float) ? "a number such as 0.5"
                : type.Name;
            return $"{option} expects {expected}; got '{args[i]}'.";
        }
        return null;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions of one character.</summary>
    internal static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
