using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using nietras.SeparatedValues;

namespace MLNet.TwoTower.Datasets.Csv;

/// <summary>
/// Streams a CSV file record by record (RFC 4180 as <see cref="CsvParser"/> describes it) without holding the file:
/// <c>Sep</c> splits records and fields over a chunked, strictly decoded UTF-8 stream (<see cref="StrictUtf8Reader"/>),
/// and this class adds the strict quoting rules, the header checks, the field-count check and the file/line/column of
/// every problem. Fields are spans into the current record, valid until the next <see cref="MoveNext"/>; a field with
/// doubled quotes is unescaped into a scratch buffer reused across records.
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    private static readonly Sep Comma = Sep.New(',');

    private readonly SepReader _sep;
    private readonly StrictUtf8Reader _text;
    private readonly string[] _header;
    private int[] _starts = new int[8];
    private int[] _offsets = new int[8];
    private int[] _lengths = new int[8];
    private bool[] _unescaped = new bool[8];
    private char[] _scratch = new char[256];
    private int _fieldCount;
    private int _nextLine = 1;

    private CsvRecordReader(string path, SepReader sep, StrictUtf8Reader text)
    {
        Path = path;
        _sep = sep;
        _text = text;
        FileLength = new FileInfo(path).Length;
        if (!ReadRecord())
        {
            throw new DatasetFormatException(path, 0, 0, "the file is empty; expected a header line followed by data lines.");
        }

        _header = new string[_fieldCount];
        for (int f = 0; f < _fieldCount; f++)
        {
            _header[f] = Field(f).Trim().ToString();
        }

        CheckHeader();
        HeaderLine = Line;
    }

    /// <summary>The file being read.</summary>
    public string Path { get; }

    /// <summary>Header fields, trimmed.</summary>
    public IReadOnlyList<string> Header => _header;

    /// <summary>Line of the header.</summary>
    public int HeaderLine { get; }

    /// <summary>1-based line where the current record starts.</summary>
    public int Line { get; private set; }

    /// <summary>Size of the file in bytes.</summary>
    public long FileLength { get; }

    /// <summary>Bytes decoded so far; ahead of the current record by at most the reader's buffers (tens of KiB).</summary>
    public long BytesRead => _text.BytesDecoded;

    /// <summary>Data records read so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Opens <paramref name="path"/> and reads its header.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DatasetFormatException">The file is empty, not UTF-8, or its header is malformed.</exception>
    public static CsvRecordReader Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Dataset file '{path}' does not exist.", path);
        }

        var text = new StrictUtf8Reader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), path);
        SepReader? sep = null;
        try
        {
            sep = Comma.Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = false }).From(text);
            return new CsvRecordReader(path, sep, text);
        }
        catch
        {
            sep?.Dispose();
            text.Dispose();
            throw;
        }
    }

    /// <summary>Index of a header column, or -1.</summary>
    public int IndexOf(string name) => Array.FindIndex(_header, h => string.Equals(h, name, StringComparison.Ordinal));

    /// <summary>Index of a header column the caller needs; throws naming the file and the header found.</summary>
    public int RequireColumn(string name)
    {
        int index = IndexOf(name);
        if (index < 0)
        {
            throw new DatasetFormatException(Path, HeaderLine, 0,
                $"the header has no column '{name}'; found [{string.Join(", ", _header)}]. Add the column or rename the header field.");
        }

        return index;
    }

    /// <summary>Moves to the next data record (empty lines are skipped); false at the end of the file.</summary>
    /// <exception cref="DatasetFormatException">The record is malformed or has a different field count than the header.</exception>
    public bool MoveNext()
    {
        if (!ReadRecord())
        {
            return false;
        }

        if (_fieldCount != _header.Length)
        {
            throw new DatasetFormatException(Path, Line, 0,
                $"expected {_header.Length} fields as in the header ({string.Join(",", _header)}), found {_fieldCount}. " +
                "Quote fields that contain commas.");
        }

        RecordCount++;
        return true;
    }

    /// <summary>Field <paramref name="index"/> of the current record, unquoted and unescaped.</summary>
    public ReadOnlySpan<char> Field(int index) => _unescaped[index]
        ? _scratch.AsSpan(_offsets[index], _lengths[index])
        : _sep.Current.Span.Slice(_offsets[index], _lengths[index]);

    /// <summary>1-based character column where field <paramref name="index"/> starts in its line.</summary>
    public int Column(int index) => Place(FieldStart(index)).Column;

    /// <summary>An error at the start of field <paramref name="index"/> of the current record.</summary>
    public DatasetFormatException Error(int index, string problem)
    {
        var (line, column) = Place(FieldStart(index));
        return new DatasetFormatException(Path, line, column, problem);
    }

    public void Dispose()
    {
        _sep.Dispose();
        // Sep may or may not close a TextReader it was given; the decoder closes the file once either way.
        _text.Dispose();
    }

    /// Reads the next non-empty record, checks its quoting and records where each field's value lies.
    private bool ReadRecord()
    {
        while (_sep.MoveNext())
        {
            var row = _sep.Current;
            var span = row.Span;
            Line = _nextLine;
            _nextLine += span.Count('\n') + 1;
            if (span.IsEmpty)
            {
                continue;
            }

            _fieldCount = row.ColCount;
            if (_offsets.Length < _fieldCount)
            {
                Array.Resize(ref _starts, _fieldCount * 2);
                Array.Resize(ref _offsets, _fieldCount * 2);
                Array.Resize(ref _lengths, _fieldCount * 2);
                Array.Resize(ref _unescaped, _fieldCount * 2);
            }

            int scratchUsed = 0;
            for (int f = 0; f < _fieldCount; f++)
            {
                var raw = row[f].Span;
                int start = OffsetIn(span, raw);
                _starts[f] = start;
                _offsets[f] = start;
                _lengths[f] = raw.Length;
                _unescaped[f] = false;
                if (raw.IsEmpty)
                {
                    continue;
                }

                if (raw[0] != '"')
                {
                    int quote = raw.IndexOf('"');
                    if (quote >= 0)
                    {
                        throw ErrorAt(start + quote,
                            "a quote inside an unquoted field; quote the whole field and write inner quotes twice (\"a \"\"b\"\" c\").");
                    }

                    continue;
                }

                scratchUsed = Unquote(raw, start, f, scratchUsed);
            }

            return true;
        }

        return false;
    }

    /// Checks a quoted field and records its value: a slice of the record when it has no doubled quotes, else an
    /// unescaped copy in the scratch buffer. Returns the scratch buffer's new fill.
    private int Unquote(ReadOnlySpan<char> raw, int start, int field, int scratchUsed)
    {
        var inner = raw[1..];
        int doubled = 0;
        int at = 0;
        while (true)
        {
            int quote = inner[at..].IndexOf('"');
            if (quote < 0)
            {
                throw ErrorAt(start, "a quoted field is never closed; add the closing '\"' (quotes inside a field are written twice: \"\").");
            }

            at += quote;
            if (at + 1 < inner.Length && inner[at + 1] == '"')
            {
                doubled++;
                at += 2;
                continue;
            }

            break;
        }

        if (at + 1 < inner.Length)
        {
            throw ErrorAt(start + 1 + at + 1,
                $"expected ',' or a line end after a closing quote, found '{inner[at + 1]}'. Double quotes inside a quoted field (\"\").");
        }

        var value = inner[..at];
        if (doubled == 0)
        {
            _offsets[field] = start + 1;
            _lengths[field] = value.Length;
            return scratchUsed;
        }

        int length = value.Length - doubled;
        if (_scratch.Length < scratchUsed + length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, scratchUsed + length));
        }

        var target = _scratch.AsSpan(scratchUsed, length);
        int written = 0;
        for (int i = 0; i < value.Length; i++)
        {
            target[written++] = value[i];
            if (value[i] == '"')
            {
                i++;
            }
        }

        _offsets[field] = scratchUsed;
        _lengths[field] = length;
        _unescaped[field] = true;
        return scratchUsed + length;
    }

    private int FieldStart(int index) => _starts[index];

    /// Line and 1-based column of a char offset in the current record.
    private (int Line, int Column) Place(int offset)
    {
        var before = _sep.Current.Span[..offset];
        int lastNewline = before.LastIndexOf('\n');
        return (Line + before.Count('\n'), offset - lastNewline);
    }

    private DatasetFormatException ErrorAt(int offset, string problem)
    {
        var (line, column) = Place(offset);
        return new DatasetFormatException(Path, line, column, problem);
    }

    private static int OffsetIn(ReadOnlySpan<char> record, ReadOnlySpan<char> field) =>
        (int)(Unsafe.ByteOffset(ref MemoryMarshal.GetReference(record), ref MemoryMarshal.GetReference(field)) / sizeof(char));

    private void CheckHeader()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int f = 0; f < _header.Length; f++)
        {
            if (_header[f].Length == 0)
            {
                throw Error(f, $"header field {f + 1} is empty; every column needs a name.");
            }

            if (!seen.Add(_header[f]))
            {
                throw Error(f, $"the header names column '{_header[f]}' twice.");
            }
        }
    }
}
