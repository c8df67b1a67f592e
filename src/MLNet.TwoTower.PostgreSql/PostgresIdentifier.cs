using System.Text.RegularExpressions;

namespace MLNet.TwoTower.PostgreSql;

/// <summary>Table names as options give them (<c>recs</c> or <c>schema.recs</c>), checked and quoted for SQL.</summary>
internal static partial class PostgresIdentifier
{
    /// <summary>PostgreSQL truncates longer identifiers, which would silently merge two names.</summary>
    private const int MaximumLength = 63;

    /// <summary>
    /// The quoted form of <paramref name="name"/> (<c>"schema"."table"</c>), after checking each part is a plain
    /// identifier: a letter or underscore, then letters, digits or underscores. Case is kept.
    /// </summary>
    /// <param name="name">The table name.</param>
    /// <param name="optionName">The option that gave it, for the error message.</param>
    /// <param name="suffixLength">Characters the caller appends to the last part (e.g. <c>__new</c>).</param>
    /// <exception cref="ArgumentException">The name is not a plain (optionally schema-qualified) identifier.</exception>
    public static string Quote(string name, string optionName, int suffixLength = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, optionName);
        var parts = name.Split('.');
        if (parts.Length > 2 || parts.Any(p => !Plain().IsMatch(p)) || parts[^1].Length + suffixLength > MaximumLength)
            throw new ArgumentException(
                $"{optionName} '{name}' is not a table name this library accepts: use letters, digits and underscores, starting with a letter " +
                $"or underscore, optionally after a schema and a dot (e.g. recs or public.recs), at most {MaximumLength - suffixLength} characters.", optionName);
        return string.Join('.', parts.Select(p => $"\"{p}\""));
    }

    /// <summary>The last part of <paramref name="name"/> (the table without its schema), unquoted.</summary>
    public static string TablePart(string name) => name.Split('.')[^1];

    /// <summary>The schema part of <paramref name="name"/> plus a dot, quoted, or empty.</summary>
    public static string SchemaPrefix(string name) => name.Split('.') is [var schema, _] ? $"\"{schema}\"." : "";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Plain();
}
