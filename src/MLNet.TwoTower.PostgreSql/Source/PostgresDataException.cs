namespace MLNet.TwoTower.PostgreSql.Source;

/// <summary>
/// A dataset table that cannot be read as declared: a missing table or column, a column of the wrong type, a NULL or
/// repeated id, an interaction naming an unknown user or item, an empty table or a bad <c>schema</c> row.
/// <see cref="Exception.Message"/> names the table, the row (1-based, in the order the table is read; 0 when the whole
/// table or column is concerned) and the column, says what was expected and how to fix it.
/// </summary>
public sealed class PostgresDataException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="table">The table being read.</param>
    /// <param name="row">1-based row in reading order; 0 when no single row is concerned.</param>
    /// <param name="column">The column; null when the whole table is concerned.</param>
    /// <param name="problem">What is wrong and how to fix it.</param>
    public PostgresDataException(string table, long row, string? column, string problem)
        : base(Describe(table, row, column, problem))
    {
        Table = table;
        Row = row;
        Column = column;
        Problem = problem;
    }

    /// <summary>The table being read.</summary>
    public string Table { get; }

    /// <summary>1-based row in reading order; 0 when no single row is concerned.</summary>
    public long Row { get; }

    /// <summary>The column; null when the whole table is concerned.</summary>
    public string? Column { get; }

    /// <summary>The problem without the location.</summary>
    public string Problem { get; }

    private static string Describe(string table, long row, string? column, string problem)
    {
        string where = $"table '{table}'";
        if (row > 0)
            where += $", row {row}";
        if (column is not null)
            where += $", column '{column}'";
        return $"{where}: {problem}";
    }
}
