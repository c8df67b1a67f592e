using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace MLNet.TwoTower.PostgreSql.Sink;

/// <summary>
/// Writes every user's top-K into a PostgreSQL table, replacing the previous set atomically: one transaction creates
/// <c>{table}__new</c>, fills it with binary <c>COPY</c> as the recommendations are enumerated, adds the primary key,
/// drops <c>{table}</c> and renames the new table (and its key) into place. Readers see the old rows or the new ones,
/// never a mix or an empty table; a writer that fails or is killed anywhere before the commit leaves the previous table
/// as it was and no new table behind. A <c>{table}__new</c> left by anything else is dropped first. Concurrent writers
/// of the same table run one after the other (a transaction-scoped advisory lock).
/// </summary>
public static class PostgresRecommendationWriter
{
    /// <summary>Writes <paramref name="recommendations"/> and swaps them in.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="options">The table and the model version.</param>
    /// <param name="recommendations">Each user's items, best first; enumerated once, while the COPY runs.</param>
    /// <returns>How many users and rows were written.</returns>
    /// <exception cref="ArgumentException">A bad table name, no model version, or a user listed twice.</exception>
    /// <exception cref="InvalidOperationException">The server cannot be reached.</exception>
    public static RecommendationWriteResult Write(string connectionString, PostgresRecommendationWriterOptions options,
        IEnumerable<UserRecommendations> recommendations)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(recommendations);
        options.Validate();
        var clock = Stopwatch.StartNew();
        string schema = PostgresIdentifier.SchemaPrefix(options.Table);
        string name = PostgresIdentifier.TablePart(options.Table);
        string table = PostgresIdentifier.Quote(options.Table, nameof(options.Table));
        string newName = name + PostgresRecommendationWriterDefaults.NewTableSuffix;
        string newTable = $"{schema}\"{newName}\"";

        using var connection = PostgresConnections.Open(connectionString);
        using var transaction = connection.BeginTransaction();
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext(@table))", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("table", "MLNet.TwoTower recommendations " + table);
            lockCommand.ExecuteNonQuery();
        }

        PostgresConnections.Execute(connection,
            $"DROP TABLE IF EXISTS {newTable}; " +
            $"CREATE TABLE {newTable} (user_id text NOT NULL, rank integer NOT NULL, item_id text NOT NULL, score real NOT NULL, model_version text NOT NULL)",
            transaction);

        long users = 0, rows = 0;
        var written = new HashSet<string>(StringComparer.Ordinal);
        using (var import = connection.BeginBinaryImport($"COPY {newTable} (user_id, rank, item_id, score, model_version) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var user in recommendations)
            {
                ArgumentNullException.ThrowIfNull(user, nameof(recommendations));
                if (!written.Add(user.UserId))
                    throw new ArgumentException($"User '{user.UserId}' is listed twice; each user's recommendations must come once.", nameof(recommendations));
                for (int i = 0; i < user.Items.Count; i++)
                {
                    import.StartRow();
                    import.Write(user.UserId, NpgsqlDbType.Text);
                    import.Write(i + 1, NpgsqlDbType.Integer);
                    import.Write(user.Items[i].ItemId, NpgsqlDbType.Text);
                    import.Write(user.Items[i].Score, NpgsqlDbType.Real);
                    import.Write(options.ModelVersion, NpgsqlDbType.Text);
                }

                users++;
                rows += user.Items.Count;
            }

            import.Complete();
        }

        PostgresConnections.Execute(connection,
            $"ALTER TABLE {newTable} ADD CONSTRAINT \"{newName}_pkey\" PRIMARY KEY (user_id, rank); " +
            $"DROP TABLE IF EXISTS {table}; " +
            $"ALTER TABLE {newTable} RENAME TO \"{name}\"; " +
            $"ALTER INDEX {schema}\"{newName}_pkey\" RENAME TO \"{name}_pkey\"",
            transaction);
        transaction.Commit();
        return new RecommendationWriteResult(users, rows, clock.Elapsed);
    }
}
