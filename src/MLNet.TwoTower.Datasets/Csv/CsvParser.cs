using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace MLNet.TwoTower.Datasets.Csv;

/// <summary>
/// A strict RFC 4180 reader: comma-separated, fields may be quoted with <c>"</c> and then hold commas, doubled quotes
/// and line breaks; LF or CRLF line ends; an optional UTF-8 byte order mark; empty lines are skipped. Text must be
/// valid UTF-8 (no silent replacement characters). Every problem is reported with file, line and column. The reading itself is
/// <see cref="CsvRecordReader"/>'s; this class keeps whole small files as records.
/// </summary>
internal static class CsvParser
{
    /// Reads a whole (small) file into records: user and item tables, MovieLens movies and tags. Interactions are
    /// streamed with <see cref="CsvRecordReader"/> instead, so their file is never held.
    public static CsvDocument ReadFile(string path)
    {
        using var reader = CsvRecordReader.Open(path);
        var records = new List<CsvRecord>();
        int width = reader.Header.Count;
        while (reader.MoveNext())
        {
            var fields = new string[width];
            var columns = new int[width];
            for (int f = 0; f < width; f++)
            {
                fields[f] = reader.Field(f).ToString();
                columns[f] = reader.Column(f);
            }

            records.Add(new CsvRecord(fields, columns, reader.Line));
        }

        return new CsvDocument(path, reader.Header.ToArray(), records, reader.HeaderLine);
    }

    /// Decodes UTF-8 and refuses invalid bytes, reporting the line and byte column of the first bad sequence.
    internal static string DecodeStrict(byte[] bytes, string path)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        if (Utf8.IsValid(span))
        {
            return Encoding.UTF8.GetString(span);
        }

        char[] scratch = ArrayPool<char>.Shared.Rent(span.Length);
        try
        {
            Utf8.ToUtf16(span, scratch, out int bytesRead, out _, replaceInvalidSequences: false);
            var before = span[..bytesRead];
            int line = before.Count((byte)'\n') + 1;
            int lastNewline = before.LastIndexOf((byte)'\n');
            int column = bytesRead - lastNewline;
            throw new DatasetFormatException(path, line, column,
                $"invalid UTF-8 byte 0x{span[bytesRead]:X2}; the file must be UTF-8. Re-encode it (e.g. iconv -f latin1 -t utf-8).");
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }
}
