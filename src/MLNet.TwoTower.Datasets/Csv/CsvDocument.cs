namespace MLNet.TwoTower.Datasets.Csv;

/// A parsed CSV file: its header and records, every record with exactly the header's field count.
internal sealed class CsvDocument(string path, string[] header, IReadOnlyList<CsvRecord> records, int headerLine = 1)
{
    public string Path { get; } = path;

    public string[] Header { get; } = header;

    public IReadOnlyList<CsvRecord> Records { get; } = records;

    /// Index of a header column, or -1.
    public int IndexOf(string name) => Array.FindIndex(Header, h => string.Equals(h, name, StringComparison.Ordinal));

    /// Index of a header column the caller needs; throws naming the file and the header found.
    public int RequireColumn(string name)
    {
        int index = IndexOf(name);
        if (index < 0)
        {
            throw new DatasetFormatException(Path, headerLine, 0,
                $"the header has no column '{name}'; found [{string.Join(", ", Header)}]. Add the column or rename the header field.");
        }

        return index;
    }

    public DatasetFormatException Error(CsvRecord record, int field, string problem) =>
        new(Path, record.Line, record.Columns[field], problem);
}
