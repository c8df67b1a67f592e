using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Datasets.Model;
using Npgsql;
using NpgsqlTypes;

namespace MLNet.TwoTower.PostgreSql.Source;

/// <summary>
/// Reads a dataset from PostgreSQL tables laid out like the dataset folder (<see cref="DatasetFolder"/>), one table per
/// file: <c>interactions(user_id, item_id, rating[, timestamp])</c>, and when they exist <c>interactions_test</c>,
/// <c>users(user_id, …features)</c>, <c>items(item_id, …features)</c> and <c>schema(section, column_name, kind)</c>
/// (names set by <see cref="PostgresDatasetOptions"/>). Every table is streamed with binary <c>COPY</c>: interactions
/// arrive as typed values (ids as text, ratings as <c>real</c>, times as <c>bigint</c>), never as rows of strings.
/// Ids may be text, whole numbers or uuids; timestamps whole Unix seconds or SQL timestamps. Rows are read in the
/// table's stored order (insertion order for a table only appended to), which is also the order row numbers in
/// errors count. Any problem raises <see cref="PostgresDataException"/> naming the table, row and column.
/// </summary>
public static class PostgresDataset
{
    /// <summary>Loads the dataset the connection string's database holds.</summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=localhost;Database=shop;Username=reader</c>.</param>
    /// <param name="options">Table names; null for the defaults.</param>
    /// <returns>The dataset, as <see cref="DatasetFolder.Load"/> would return it for the same rows as CSV files.</returns>
    /// <exception cref="PostgresDataException">A table is missing, malformed or disagrees with another.</exception>
    /// <exception cref="InvalidOperationException">The server cannot be reached.</exception>
    public static RecommendationDataset Load(string connectionString, PostgresDatasetOptions? options = null)
    {
        options ??= new PostgresDatasetOptions();
        options.Validate();
        using var connection = PostgresConnections.Open(connectionString);
        // Stored order on every read (no synchronised scans starting mid-table), and floats printed exactly.
        PostgresConnections.Execute(connection, "SET synchronize_seqscans = off; SET extra_float_digits = 1");

        var schemaTable = TableColumns.Find(connection, options.SchemaTable, nameof(options.SchemaTable));
        var declared = schemaTable is null ? null : ReadSchema(connection, schemaTable);
        var usersTable = TableColumns.Find(connection, options.UsersTable, nameof(options.UsersTable));
        var itemsTable = TableColumns.Find(connection, options.ItemsTable, nameof(options.ItemsTable));
        var users = usersTable is null ? null : ReadEntities(connection, usersTable, DatasetColumns.UserIdField, Declared(declared, "users", usersTable, schemaTable));
        var items = itemsTable is null ? null : ReadEntities(connection, itemsTable, DatasetColumns.ItemIdField, Declared(declared, "items", itemsTable, schemaTable));

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var interactionsTable = TableColumns.Require(connection, options.InteractionsTable, nameof(options.InteractionsTable),
            $"columns {DatasetColumns.UserIdField}, {DatasetColumns.ItemIdField}, {DatasetColumns.RatingField} and optionally {DatasetColumns.TimestampField}");
        var interactions = ReadInteractions(connection, interactionsTable, users, usersTable, items, itemsTable, ids);
        var testTable = TableColumns.Find(connection, options.TestInteractionsTable, nameof(options.TestInteractionsTable));
        var test = testTable is null ? null : ReadInteractions(connection, testTable, users, usersTable, items, itemsTable, ids);
        if (test is not null && test.HasTimestamps != interactions.HasTimestamps)
            throw new PostgresDataException(testTable!.Table, 0, DatasetColumns.TimestampField,
                $"'{testTable.Table}' and '{interactionsTable.Table}' must both have a '{DatasetColumns.TimestampField}' column or both lack it.");
        return InteractionBuffer.ToDataset(interactions, test, users, items);
    }

    private static InteractionBuffer ReadInteractions(NpgsqlConnection connection, TableColumns table,
        EntityTable? users, TableColumns? usersTable, EntityTable? items, TableColumns? itemsTable, Dictionary<string, string> ids)
    {
        bool timestamps = table.Has(DatasetColumns.TimestampField);
        var select = new List<string>
        {
            table.IdAsText(DatasetColumns.UserIdField),
            table.IdAsText(DatasetColumns.ItemIdField),
            table.NumberAsReal(DatasetColumns.RatingField),
        };
        if (timestamps)
            select.Add(table.TimeAsUnixSeconds(DatasetColumns.TimestampField));

        var buffer = new InteractionBuffer(ids) { HasTimestamps = timestamps };
        long row = 0;
        using (var export = connection.BeginBinaryExport($"COPY (SELECT {string.Join(", ", select)} FROM {table.Quoted}) TO STDOUT (FORMAT BINARY)"))
        {
            while (export.StartRow() != -1)
            {
                row++;
                string userId = ReadId(export, table, row, DatasetColumns.UserIdField);
                string itemId = ReadId(export, table, row, DatasetColumns.ItemIdField);
                if (users is not null && !users.Contains(userId))
                    throw table.Error(row, DatasetColumns.UserIdField, $"user '{userId}' is not in table '{usersTable!.Table}'; add the user there or remove the interaction.");
                if (items is not null && !items.Contains(itemId))
                    throw table.Error(row, DatasetColumns.ItemIdField, $"item '{itemId}' is not in table '{itemsTable!.Table}'; add the item there or remove the interaction.");
                if (export.IsNull)
                    throw table.Error(row, DatasetColumns.RatingField, $"NULL rating for user '{userId}', item '{itemId}'; every interaction needs a rating.");
                float rating = export.Read<float>(NpgsqlDbType.Real);
                if (!float.IsFinite(rating))
                    throw table.Error(row, DatasetColumns.RatingField, $"rating {rating} for user '{userId}', item '{itemId}'; ratings must be finite numbers.");
                long? time = null;
                if (timestamps)
                {
                    if (export.IsNull)
                        throw table.Error(row, DatasetColumns.TimestampField,
                            $"NULL timestamp for user '{userId}', item '{itemId}'; either every interaction has one or the column is dropped.");
                    time = export.Read<long>(NpgsqlDbType.Bigint);
                }

                buffer.Add(userId, itemId, rating, time);
            }
        }

        if (row == 0)
            throw table.Error(0, null, "the table has no rows; a dataset needs at least one interaction.");
        return buffer;
    }

    private static string ReadId(NpgsqlBinaryExporter export, TableColumns table, long row, string column)
    {
        if (export.IsNull)
            throw table.Error(row, column, $"NULL {column}; every row needs an id.");
        string id = export.Read<string>(NpgsqlDbType.Text).Trim();
        if (id.Length == 0)
            throw table.Error(row, column, $"'{column}' is empty; every row needs an id.");
        return id;
    }

    private static EntityTable ReadEntities(NpgsqlConnection connection, TableColumns table, string idField, IReadOnlyDictionary<string, FeatureKind>? declared)
    {
        string idSql = table.IdAsText(idField);
        var features = table.Names.Where(n => n != idField).ToArray();
        var ids = new List<string>();
        var values = features.Select(_ => new List<string>()).ToArray();
        var firstRow = new Dictionary<string, long>(StringComparer.Ordinal);
        long row = 0;
        using (var export = connection.BeginBinaryExport(
            $"COPY (SELECT {string.Join(", ", features.Select(table.AsText).Prepend(idSql))} FROM {table.Quoted}) TO STDOUT (FORMAT BINARY)"))
        {
            while (export.StartRow() != -1)
            {
                row++;
                string id = ReadId(export, table, row, idField);
                if (!firstRow.TryAdd(id, row))
                    throw table.Error(row, idField, $"duplicate {idField} '{id}' (first at row {firstRow[id]}); each id must appear once.");
                ids.Add(id);
                for (int c = 0; c < features.Length; c++)
                {
                    if (export.IsNull)
                    {
                        export.Skip();
                        values[c].Add("");
                    }
                    else
                    {
                        values[c].Add(export.Read<string>(NpgsqlDbType.Text));
                    }
                }
            }
        }

        if (row == 0)
            throw table.Error(0, null, $"the table has no rows; drop it or add one row per {idField}.");

        var columns = new List<FeatureColumn>(features.Length);
        for (int c = 0; c < features.Length; c++)
        {
            string name = features[c];
            var kind = declared is not null && declared.TryGetValue(name, out var k) ? k
                : table.IsNumeric(name) ? FeatureKind.Numeric
                : SchemaInference.Infer(values[c]);
            if (kind == FeatureKind.Numeric)
            {
                int bad = values[c].FindIndex(v => !FeatureColumn.TryParseNumber(v, out _));
                if (bad >= 0)
                    throw table.Error(bad + 1, name,
                        $"the column is numeric, found '{values[c][bad]}'. Fix the value or declare the column as categorical or text in the schema table.");
            }

            columns.Add(new FeatureColumn(name, kind, values[c]));
        }

        return new EntityTable(ids, columns);
    }

    private const string SectionColumn = "section";
    private const string ColumnNameColumn = "column_name";
    private const string KindColumn = "kind";

    /// <summary>The schema table's rows: (section, column) → (kind, row).</summary>
    private static Dictionary<(string Section, string Column), (FeatureKind Kind, long Row)> ReadSchema(NpgsqlConnection connection, TableColumns table)
    {
        var declared = new Dictionary<(string, string), (FeatureKind, long)>();
        long row = 0;
        using var export = connection.BeginBinaryExport(
            $"COPY (SELECT {table.AsText(SectionColumn)}, {table.AsText(ColumnNameColumn)}, {table.AsText(KindColumn)} FROM {table.Quoted}) TO STDOUT (FORMAT BINARY)");
        while (export.StartRow() != -1)
        {
            row++;
            string section = ReadText(export, table, row, SectionColumn);
            string column = ReadText(export, table, row, ColumnNameColumn);
            string kindName = ReadText(export, table, row, KindColumn);
            if (section is not ("users" or "items"))
                throw table.Error(row, SectionColumn, $"unknown section '{section}'; expected 'users' or 'items'.");
            if (!FeatureKindNames.TryParse(kindName, out var kind))
                throw table.Error(row, KindColumn,
                    $"unknown kind '{kindName}' for {section}.{column}; expected '{FeatureKindNames.Numeric}', '{FeatureKindNames.Categorical}', '{FeatureKindNames.MultiCategorical}' or '{FeatureKindNames.Text}'.");
            if (!declared.TryAdd((section, column), (kind, row)))
                throw table.Error(row, ColumnNameColumn, $"{section}.{column} is declared twice (first at row {declared[(section, column)].Item2}).");
        }

        return declared;
    }

    private static string ReadText(NpgsqlBinaryExporter export, TableColumns table, long row, string column) =>
        export.IsNull ? throw table.Error(row, column, "NULL; every schema row needs a section, a column_name and a kind.") : export.Read<string>(NpgsqlDbType.Text).Trim();

    /// <summary>The kinds declared for one entity table, after checking every declared column exists there.</summary>
    private static Dictionary<string, FeatureKind>? Declared(Dictionary<(string Section, string Column), (FeatureKind Kind, long Row)>? schema,
        string section, TableColumns entities, TableColumns? schemaTable)
    {
        if (schema is null)
            return null;
        var kinds = new Dictionary<string, FeatureKind>(StringComparer.Ordinal);
        foreach (var ((s, column), (kind, row)) in schema)
        {
            if (s != section)
                continue;
            if (!entities.Has(column))
                throw schemaTable!.Error(row, ColumnNameColumn,
                    $"declares {section} column '{column}', which table '{entities.Table}' lacks; found [{string.Join(", ", entities.Names)}].");
            kinds[column] = kind;
        }

        return kinds;
    }
}
