using Npgsql;

namespace MLNet.TwoTower.PostgreSql.Source;

/// <summary>The columns of one table or view, read from the catalogue, and the SQL that reads each as the dataset needs it.</summary>
internal sealed class TableColumns
{
    private readonly Dictionary<string, (string Type, char Category)> _columns;

    private TableColumns(string table, string quoted, List<(string Name, string Type, char Category)> columns)
    {
        Table = table;
        Quoted = quoted;
        Names = columns.Select(c => c.Name).ToArray();
        _columns = columns.ToDictionary(c => c.Name, c => (c.Type, c.Category), StringComparer.Ordinal);
    }

    /// <summary>The table name as given.</summary>
    public string Table { get; }

    /// <summary>The quoted name for SQL.</summary>
    public string Quoted { get; }

    /// <summary>Column names in table order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The table's columns, or null when no table or view has this name.</summary>
    public static TableColumns? Find(NpgsqlConnection connection, string table, string optionName)
    {
        string quoted = PostgresIdentifier.Quote(table, optionName);
        using var command = new NpgsqlCommand(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory, c.oid IS NOT NULL " +
            "FROM (SELECT to_regclass(@name) AS oid) c " +
            "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped " +
            "LEFT JOIN pg_type t ON t.oid = a.atttypid ORDER BY a.attnum", connection);
        command.Parameters.AddWithValue("name", quoted);
        var columns = new List<(string, string, char)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!reader.GetBoolean(3))
                return null;
            if (!reader.IsDBNull(0))
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetChar(2)));
        }

        return new TableColumns(table, quoted, columns);
    }

    /// <summary>The table's columns.</summary>
    /// <exception cref="PostgresDataException">No such table.</exception>
    public static TableColumns Require(NpgsqlConnection connection, string table, string optionName, string what) =>
        Find(connection, table, optionName)
            ?? throw new PostgresDataException(table, 0, null,
                $"no such table or view in database '{connection.Database}' (searched schemas: {SearchPath(connection)}). Create it with {what}, " +
                $"or set {optionName} to the table that holds them.");

    /// <summary>Whether the table has the column.</summary>
    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>SQL reading an id column as text: text types as they are, whole numbers and uuids converted.</summary>
    /// <exception cref="PostgresDataException">The column is missing or of another type.</exception>
    public string IdAsText(string column)
    {
        var (type, category) = Require(column, "an id: text, varchar, a whole number or uuid");
        return category == 'S' ? Quote(column)
            : IsWholeNumber(type) || type == "uuid" ? $"{Quote(column)}::text"
            : throw WrongType(column, type, "an id: text, varchar, a whole number (smallint, integer, bigint) or uuid");
    }

    /// <summary>SQL reading a numeric column as <c>real</c>.</summary>
    public string NumberAsReal(string column)
    {
        var (type, category) = Require(column, "a number");
        return category == 'N' ? $"{Quote(column)}::real"
            : throw WrongType(column, type, "a number (real, double precision, numeric or a whole number)");
    }

    /// <summary>SQL reading a time column as whole Unix seconds (<c>bigint</c>).</summary>
    public string TimeAsUnixSeconds(string column)
    {
        var (type, _) = Require(column, "a time");
        return IsWholeNumber(type) ? $"{Quote(column)}::bigint"
            : type is "timestamp without time zone" or "timestamp with time zone" ? $"floor(extract(epoch FROM {Quote(column)}))::bigint"
            : throw WrongType(column, type, "whole seconds since 1970-01-01 UTC (integer or bigint) or a timestamp");
    }

    /// <summary>SQL reading any column as its text form (NULL stays NULL).</summary>
    public string AsText(string column)
    {
        Require(column, "a value");
        return $"{Quote(column)}::text";
    }

    /// <summary>Whether the column's SQL type is a number.</summary>
    public bool IsNumeric(string column) => _columns[column].Category == 'N';

    /// <summary>Whether the column's SQL type is text-like.</summary>
    public bool IsText(string column) => _columns[column].Category == 'S';

    /// <summary>The column's SQL type as PostgreSQL spells it.</summary>
    public string TypeOf(string column) => _columns[column].Type;

    public PostgresDataException Error(long row, string? column, string problem) => new(Table, row, column, problem);

    private (string Type, char Category) Require(string column, string expected) =>
        _columns.TryGetValue(column, out var info)
            ? info
            : throw new PostgresDataException(Table, 0, column,
                $"the table has no such column (expected {expected}); found [{string.Join(", ", Names)}]. Add the column, or rename the one that holds it.");

    private PostgresDataException WrongType(string column, string type, string expected) =>
        new(Table, 0, column, $"the column is {type}; expected {expected}. Change its type, or read the table through a view that converts it.");

    private static bool IsWholeNumber(string type) => type is "smallint" or "integer" or "bigint";

    private static string Quote(string column) => $"\"{column.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string SearchPath(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT array_to_string(current_schemas(false), ', ')", connection);
        return command.ExecuteScalar() as string ?? "none";
    }
}
