using System.Runtime.InteropServices;

namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// A row-major float32 matrix (little-endian): magic <c>TTEMBMAT</c>, int32 format version (1), int32 rows,
/// int32 columns, then rows × columns floats. Row r is the embedding of key r + 1.
/// </summary>
internal static class EmbeddingMatrixFile
{
    private static ReadOnlySpan<byte> Magic => "TTEMBMAT"u8;
    private const int FormatVersion = 1;

    public static void Write(string path, float[] values, int rows, int columns) =>
        PackageStore.WriteDurably(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(rows);
            writer.Write(columns);
            writer.Flush();
            stream.Write(MemoryMarshal.AsBytes(values.AsSpan(0, rows * columns)));
        });

    public static (float[] Values, int Rows, int Columns) Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion)
                throw Damaged(path, "it does not start with the embedding matrix signature 'TTEMBMAT' version 1");
            int rows = reader.ReadInt32(), columns = reader.ReadInt32();
            if (rows < 0 || columns <= 0 || stream.Length != 20 + (long)rows * columns * sizeof(float))
                throw Damaged(path, $"its header says {rows} × {columns} floats, which does not match its length of {stream.Length} bytes");
            var values = new float[(long)rows * columns];
            stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            for (long i = 0; i < values.Length; i++)
                if (!float.IsFinite(values[i]))
                    throw Damaged(path, $"row {i / columns} holds a non-finite value");
            return (values, rows, columns);
        }
        catch (EndOfStreamException e)
        {
            throw Damaged(path, "it is truncated", e);
        }
    }

    private static PackageFormatException Damaged(string path, string why, Exception? inner = null) =>
        new(path, $"Package file '{path}' cannot be read: {why}. Write the package again.", inner);
}
