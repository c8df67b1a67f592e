using System.Buffers;
using System.Text.Unicode;

namespace MLNet.TwoTower.Datasets.Csv;

/// <summary>
/// Decodes a UTF-8 file chunk by chunk for the CSV reader and refuses what the CSV format here does not allow: an
/// invalid byte sequence (reported with the line and byte column, no silent replacement characters) and a carriage
/// return that is not followed by a line feed. Skips a leading byte order mark. Holds one chunk of bytes at a time.
/// </summary>
internal sealed class StrictUtf8Reader : TextReader
{
    private const int ChunkBytes = 1 << 16;

    private readonly Stream _stream;
    private readonly string _path;
    private readonly byte[] _bytes = ArrayPool<byte>.Shared.Rent(ChunkBytes);
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _started;
    private bool _disposed;

    // Where the decoder stands, to place errors: the current line, and where it started in bytes and in chars.
    private int _line = 1;
    private long _bytePosition;
    private long _lineStartByte;
    private long _charPosition;
    private long _lineStartChar;
    private bool _carriageReturnPending;

    public StrictUtf8Reader(Stream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    /// Bytes decoded so far (the CSV reader reads ahead of its current record by at most its buffer).
    public long BytesDecoded => _bytePosition;

    public override int Read() => throw new NotSupportedException("Read blocks of characters.");

    public override int Peek() => -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (!_started)
            {
                Fill();
                _started = true;
                if (_bytes.AsSpan(_start, _end - _start).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    _start += 3;
                    _bytePosition = _lineStartByte = 3;
                }
            }

            var source = _bytes.AsSpan(_start, _end - _start);
            var status = Utf8.ToUtf16(source, buffer, out int read, out int written, replaceInvalidSequences: false, isFinalBlock: _endOfStream);
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                Track(source[..read], buffer[..written]);
                throw InvalidByte(source[read]);
            }

            Track(source[..read], buffer[..written]);
            _start += read;
            if (written > 0)
            {
                return written;
            }

            if (_endOfStream)
            {
                if (_carriageReturnPending)
                {
                    throw PendingCarriageReturn();
                }

                return 0;
            }

            Fill();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _stream.Dispose();
            ArrayPool<byte>.Shared.Return(_bytes);
        }

        base.Dispose(disposing);
    }

    /// Moves the unread tail to the front and reads more bytes after it.
    private void Fill()
    {
        int left = _end - _start;
        _bytes.AsSpan(_start, left).CopyTo(_bytes);
        _start = 0;
        _end = left;
        while (_end < _bytes.Length)
        {
            int n = _stream.Read(_bytes, _end, _bytes.Length - _end);
            if (n == 0)
            {
                _endOfStream = true;
                break;
            }

            _end += n;
        }
    }

    /// Advances the line count over decoded text and checks that every CR is followed by LF.
    private void Track(ReadOnlySpan<byte> bytes, ReadOnlySpan<char> chars)
    {
        if (_carriageReturnPending && chars.Length > 0)
        {
            if (chars[0] != '\n')
            {
                throw PendingCarriageReturn();
            }

            _carriageReturnPending = false;
        }

        int from = 0;
        while (chars[from..].IndexOf('\r') is var next && next >= 0)
        {
            int cr = from + next;
            if (cr + 1 == chars.Length)
            {
                _carriageReturnPending = true;
                break;
            }

            if (chars[cr + 1] != '\n')
            {
                var before = chars[..cr];
                int lastNewline = before.LastIndexOf('\n');
                long lineStart = lastNewline >= 0 ? _charPosition + lastNewline + 1 : _lineStartChar;
                throw CarriageReturn(_line + before.Count('\n'), _charPosition + cr - lineStart + 1);
            }

            from = cr + 2;
        }

        int lines = bytes.Count((byte)'\n');
        if (lines > 0)
        {
            _line += lines;
            _lineStartByte = _bytePosition + bytes.LastIndexOf((byte)'\n') + 1;
            _lineStartChar = _charPosition + chars.LastIndexOf('\n') + 1;
        }

        _bytePosition += bytes.Length;
        _charPosition += chars.Length;
    }

    private DatasetFormatException InvalidByte(byte value) =>
        new(_path, _line, (int)(_bytePosition - _lineStartByte + 1),
            $"invalid UTF-8 byte 0x{value:X2}; the file must be UTF-8. Re-encode it (e.g. iconv -f latin1 -t utf-8).");

    /// A CR that ended the text decoded so far, at the last char position.
    private DatasetFormatException PendingCarriageReturn() => CarriageReturn(_line, _charPosition - _lineStartChar);

    private DatasetFormatException CarriageReturn(int line, long column) =>
        new(_path, line, (int)column, "a carriage return that does not end a line; use LF or CRLF line ends.");
}
