using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace MLNet.TwoTower.Datasets.Csv;

/// <summary>
/// A strict RFC 4180 reader: comma-separated, fields may be quoted with <c>"</c> and then hold commas, doubled quotes
/// and line breaks; LF or CRLF line ends; an optional UTF-8 byte order mark; empty lines are skipped. Text must be
/// valid UTF-8 (no silent replacement characters). Every problem is reported with file, line and column.
/// </summary>
internal static class CsvParser
{
    public static CsvDocument ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Dataset file '{path}' does not exist.", path);
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    public static CsvDocument Parse(byte[] bytes, string path)
    {
        string text = DecodeStrict(bytes, path);
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var columns = new List<int>();
        var field = new StringBuilder();

        int i = 0, line = 1, lineStart = 0;
        int recordLine = 1;
        while (i < text.Length)
        {
            // Start of a record.
            recordLine = line;
            fields.Clear();
            columns.Clear();
            if (text[i] == '\n' || (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
            {
                i += text[i] == '\r' ? 2 : 1;   // empty line
                line++;
                lineStart = i;
                continue;
            }

            bool endOfRecord = false;
            while (!endOfRecord)
            {
                field.Clear();
                columns.Add(i - lineStart + 1);
                if (i < text.Length && text[i] == '"')
                {
                    int openLine = line, openColumn = i - lineStart + 1;
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new DatasetFormatException(path, openLine, openColumn,
                                "a quoted field is never closed; add the closing '\"' (quotes inside a field are written twice: \"\").");
                        }

                        char c = text[i];
                        if (c == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        if (c == '\n')
                        {
                            line++;
                            lineStart = i + 1;
                        }

                        field.Append(c);
                        i++;
                    }

                    if (i < text.Length && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    {
                        throw new DatasetFormatException(path, line, i - lineStart + 1,
                            $"expected ',' or a line end after a closing quote, found '{text[i]}'. Double quotes inside a quoted field (\"\").");
                    }
                }
                else
                {
                    while (i < text.Length && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    {
                        if (text[i] == '"')
                        {
                            throw new DatasetFormatException(path, line, i - lineStart + 1,
                                "a quote inside an unquoted field; quote the whole field and write inner quotes twice (\"a \"\"b\"\" c\").");
                        }

                        field.Append(text[i]);
                        i++;
                    }
                }

                fields.Add(field.ToString());
                if (i >= text.Length)
                {
                    endOfRecord = true;
                }
                else if (text[i] == ',')
                {
                    i++;
                }
                else if (text[i] == '\r')
                {
                    if (i + 1 >= text.Length || text[i + 1] != '\n')
                    {
                        throw new DatasetFormatException(path, line, i - lineStart + 1,
                            "a carriage return that does not end a line; use LF or CRLF line ends.");
                    }

                    i += 2;
                    line++;
                    lineStart = i;
                    endOfRecord = true;
                }
                else
                {
                    i++;
                    line++;
                    lineStart = i;
                    endOfRecord = true;
                }
            }

            records.Add(new CsvRecord(fields.ToArray(), columns.ToArray(), recordLine));
        }

        if (records.Count == 0)
        {
            throw new DatasetFormatException(path, 0, 0, "the file is empty; expected a header line followed by data lines.");
        }

        var header = records[0].Fields.Select(h => h.Trim()).ToArray();
        CheckHeader(header, records[0], path);
        for (int r = 1; r < records.Count; r++)
        {
            var record = records[r];
            if (record.Fields.Length != header.Length)
            {
                throw new DatasetFormatException(path, record.Line, 0,
                    $"expected {header.Length} fields as in the header ({string.Join(",", header)}), found {record.Fields.Length}. " +
                    "Quote fields that contain commas.");
            }
        }

        return new CsvDocument(path, header, records.Skip(1).ToArray());
    }

    private static void CheckHeader(string[] header, CsvRecord record, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int f = 0; f < header.Length; f++)
        {
            if (header[f].Length == 0)
            {
                throw new DatasetFormatException(path, record.Line, record.Columns[f], $"header field {f + 1} is empty; every column needs a name.");
            }

            if (!seen.Add(header[f]))
            {
                throw new DatasetFormatException(path, record.Line, record.Columns[f], $"the header names column '{header[f]}' twice.");
            }
        }
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
