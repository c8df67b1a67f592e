namespace MLNet.TwoTower.Datasets.Csv;

/// One parsed CSV record with where it came from, so later checks can report line and column.
internal sealed class CsvRecord(string[] fields, int[] columns, int line)
{
    public string[] Fields { get; } = fields;

    /// 1-based character column where each field starts.
    public int[] Columns { get; } = columns;

    /// 1-based line where the record starts.
    public int Line { get; } = line;
}
