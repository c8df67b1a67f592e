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

    /// <summary>
    /// Runs statements that return nothing, without a time limit: they include index builds and table swaps whose
    /// duration grows with the data (Npgsql's default 30 s limit cut a 100k-item HNSW build short on a loaded machine).
    /// </summary>
    public static void Execute(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }
}
