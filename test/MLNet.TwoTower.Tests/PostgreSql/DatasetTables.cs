using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Datasets.Model;
using Npgsql;

namespace MLNet.TwoTower.Tests.PostgreSql;

/// <summary>Copies a dataset folder into PostgreSQL the way a user would: one table per CSV file, rows in file order.</summary>
internal static class DatasetTables
{
    /// <summary>
    /// Creates <c>interactions</c> (ids text, rating real, timestamp bigint), <c>interactions_test</c>, <c>users</c>,
    /// <c>items</c> (features declared numeric in schema.json as double precision, the rest text) and <c>schema</c>,
    /// each loaded from its CSV file with <c>COPY … FROM STDIN (FORMAT csv, HEADER)</c>.
    /// </summary>
    public static void Write(string connectionString, string folder)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        string schemaPath = Path.Combine(folder, DatasetFiles.Schema);
        var schema = File.Exists(schemaPath) ? DatasetSchema.FromJson(File.ReadAllText(schemaPath), schemaPath) : null;
        Copy(connection, Path.Combine(folder, DatasetFiles.Interactions), "interactions", _ => "text");
        Copy(connection, Path.Combine(folder, DatasetFiles.TestInteractions), "interactions_test", _ => "text");
        Copy(connection, Path.Combine(folder, DatasetFiles.Users), "users", c => schema?.UserFeatures.GetValueOrDefault(c) == FeatureKind.Numeric ? "double precision" : "text");
        Copy(connection, Path.Combine(folder, DatasetFiles.Items), "items", c => schema?.ItemFeatures.GetValueOrDefault(c) == FeatureKind.Numeric ? "double precision" : "text");
        if (schema is not null)
        {
            Execute(connection, "CREATE TABLE schema (section text, column_name text, kind text)");
            foreach (var (section, kinds) in new[] { ("users", schema.UserFeatures), ("items", schema.ItemFeatures) })
            {
                foreach (var (column, kind) in kinds)
                {
                    using var insert = new NpgsqlCommand("INSERT INTO schema VALUES (@s, @c, @k)", connection);
                    insert.Parameters.AddWithValue("s", section);
                    insert.Parameters.AddWithValue("c", column);
                    insert.Parameters.AddWithValue("k", FeatureKindNames.ToName(kind));
                    insert.ExecuteNonQuery();
                }
            }
        }
    }

    public static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static void Copy(NpgsqlConnection connection, string path, string table, Func<string, string> featureType)
    {
        if (!File.Exists(path))
            return;
        var header = File.ReadLines(path).First().Split(',');
        var columns = header.Select(c => c switch
        {
            DatasetColumns.UserIdField or DatasetColumns.ItemIdField => $"{c} text",
            DatasetColumns.RatingField => $"{c} real",
            DatasetColumns.TimestampField => $"{c} bigint",
            _ => $"\"{c}\" {featureType(c)}",
        });
        Execute(connection, $"CREATE TABLE {table} ({string.Join(", ", columns)})");
        using var import = connection.BeginTextImport($"COPY {table} FROM STDIN (FORMAT csv, HEADER true)");
        import.Write(File.ReadAllText(path));
    }
}
