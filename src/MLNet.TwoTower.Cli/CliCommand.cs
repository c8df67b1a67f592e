using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli;

/// <summary>
/// One <c>twotower</c> command as registered with Spectre.Console.Cli: its name, description and help examples, kept
/// here so that the error reporter can list a command's options and a test can run every example.
/// </summary>
/// <param name="Name">The command word (<c>train</c>).</param>
/// <param name="CommandType">The <see cref="Command{TSettings}"/> class.</param>
/// <param name="Description">One line for <c>--help</c>.</param>
/// <param name="Examples">Complete command lines shown under <c>--help</c>; each must run as written.</param>
/// <param name="Add">Registers the command under a name (Spectre's <c>AddCommand&lt;T&gt;</c>).</param>
internal sealed record CliCommand(
    string Name,
    Type CommandType,
    string Description,
    IReadOnlyList<string[]> Examples,
    Func<IConfigurator, string, ICommandConfigurator> Add)
{
    /// <summary>The settings class whose properties are the command's options.</summary>
    public Type SettingsType
    {
        get
        {
            for (var type = CommandType; type is not null; type = type.BaseType)
            {
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Command<>))
                    return type.GetGenericArguments()[0];
            }
            throw new InvalidOperationException($"{CommandType.Name} does not derive from Command<TSettings>.");
        }
    }

    /// <summary>Every long and short option name of the command (<c>--epochs</c>, <c>-k</c>).</summary>
    public IReadOnlyList<string> OptionNames() => SettingsType.GetProperties()
        .SelectMany(p => p.GetCustomAttributes(typeof(CommandOptionAttribute), inherit: true).Cast<CommandOptionAttribute>())
        .SelectMany(o => o.LongNames.Select(n => "--" + n).Concat(o.ShortNames.Select(n => "-" + n)))
        .Distinct(StringComparer.Ordinal)
        .ToArray();
}
