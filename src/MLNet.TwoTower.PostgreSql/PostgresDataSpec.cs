using Npgsql;

namespace MLNet.TwoTower.PostgreSql;

/// <summary>
/// The <c>postgres:</c> form of a data source or target on the command line: <c>postgres:</c> followed by an Npgsql
/// connection string, e.g. <c>postgres:Host=localhost;Port=5432;Database=shop;Username=reader</c>.
/// </summary>
public static class PostgresDataSpec
{
    /// <summary>The prefix that marks a PostgreSQL connection string.</summary>
    public const string Prefix = "postgres:";

    /// <summary>Whether <paramref name="spec"/> starts with <see cref="Prefix"/> (case-insensitive).</summary>
    /// <param name="spec">A <c>--data</c> or <c>--to</c> argument.</param>
    /// <returns>True for a PostgreSQL spec.</returns>
    public static bool IsPostgres(string? spec) => spec is not null && spec.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string after <see cref="Prefix"/>, checked by Npgsql's parser.</summary>
    /// <param name="spec">A spec for which <see cref="IsPostgres"/> is true.</param>
    /// <returns>The connection string.</returns>
    /// <exception cref="ArgumentException">No prefix, nothing after it, or a keyword Npgsql does not know.</exception>
    public static string ConnectionString(string spec)
    {
        if (!IsPostgres(spec))
            throw new ArgumentException($"'{spec}' does not start with '{Prefix}'.", nameof(spec));
        string connectionString = spec[Prefix.Length..].Trim();
        if (connectionString.Length == 0)
            throw new ArgumentException($"'{Prefix}' must be followed by an Npgsql connection string, e.g. {Prefix}Host=localhost;Database=shop;Username=reader.", nameof(spec));
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"'{Prefix}…' holds an invalid Npgsql connection string: {e.Message} Expected Key=Value pairs separated by ';' " +
                "such as Host=localhost;Port=5432;Database=shop;Username=reader.", nameof(spec), e);
        }

        return connectionString;
    }
}
