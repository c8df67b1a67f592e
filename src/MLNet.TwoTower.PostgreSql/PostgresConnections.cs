using Npgsql;

namespace MLNet.TwoTower.PostgreSql;

/// <summary>Opens connections with an error that says where it tried to connect (never the password).</summary>
internal static class PostgresConnections
{
    /// <summary>Opens a connection to <paramref name="connectionString"/>.</summary>
    /// <exception cref="InvalidOperationException">The server cannot be reached or refuses the login.</exception>
    public static NpgsqlConnection Open(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (NpgsqlException e)
        {
            connection.Dispose();
            throw new InvalidOperationException($"Cannot connect to PostgreSQL ({Describe(connectionString)}): {e.Message}", e);
        }
    }

    /// <summary>Host, port, database and user of a connection string, for messages.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"host {builder.Host ?? "localhost"}, port {builder.Port}, database '{builder.Database ?? builder.Username}', user '{builder.Username}'";
    }

    /// <summary>Runs one statement that returns nothing.</summary>
    public static void Execute(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
