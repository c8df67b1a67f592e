using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using MLNet.TwoTower.IO;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Our on-disk index format (little-endian):
/// <code>
///  0  magic "TTITEMIX"          8 bytes
///  8  format version            int32 (2; version 1 files, without the two fields at 56, are still read)
/// 12  kind                      int32 (1 exact, 2 HNSW)
/// 16  embedding width           int32
/// 20  item count                int32
/// 24  item-set fingerprint      uint64 (key dictionary the embeddings were made with)
/// 32  has item ids              int32 (0/1)
/// 36  HNSW efSearch             int32 (0 for exact)
/// 40  payload offset            int64 (page-aligned)
/// 48  payload length            int64
/// 56  HNSW vector precision     int32 (0 float32, 1 float16; 0 for exact)
/// 60  reserved                  int32 (0)
/// 64  item keys                 uint32 × count
///     item ids (if present)     per item: int32 byte length (−1 = none) + UTF-8
///     zero padding to the payload offset
///     payload                   exact: float32 × count × width; HNSW: USearch's own serialized graph, followed,
///                               for float16 precision, by float32 × count × width (the vectors candidates are
///                               scored with)
/// </code>
/// The payload is page-aligned so the HNSW graph can be memory-mapped in place.
/// </summary>
internal static class ItemIndexFile
{
    private static ReadOnlySpan<byte> Magic => "TTITEMIX"u8;
    private const int FormatVersion = 2;
    private const int HeaderSize = 64;
    private const int Version1HeaderSize = 56;
    private const int PayloadAlignment = 4096;

    public static void SaveExact(string path, ItemCatalog catalog, float[] vectors) =>
        AtomicFile.Write(path, stream =>
        {
            long payloadLength = (long)vectors.Length * sizeof(float);
            WriteHeaderAndCatalog(stream, catalog, ItemIndexKind.Exact, expansionSearch: 0, ItemVectorPrecision.Float32, payloadLength);
            stream.Write(MemoryMarshal.AsBytes(vectors.AsSpan()));
        });

    /// <summary>
    /// Writes an HNSW index: USearch's graph file, then, when the graph stores half precision,
    /// <paramref name="exactVectors"/> (the 32-bit vectors its candidates are scored with).
    /// </summary>
    public static void SaveHnsw(string path, ItemCatalog catalog, int expansionSearch, string graphFile, float[]? exactVectors) =>
        AtomicFile.Write(path, stream =>
        {
            using var graph = File.OpenRead(graphFile);
            long exactLength = exactVectors is null ? 0 : (long)exactVectors.Length * sizeof(float);
            var precision = exactVectors is null ? ItemVectorPrecision.Float32 : ItemVectorPrecision.Float16;
            WriteHeaderAndCatalog(stream, catalog, ItemIndexKind.Hnsw, expansionSearch, precision, graph.Length + exactLength);
            graph.CopyTo(stream);
            if (exactVectors is not null)
                stream.Write(MemoryMarshal.AsBytes(exactVectors.AsSpan()));
        });

    /// <summary>What a file's header says, read and checked without touching the payload.</summary>
    internal sealed record Header(ItemIndexKind Kind, int Dimension, ulong Fingerprint, int ExpansionSearch,
        long PayloadOffset, long PayloadLength, ItemCatalog Catalog, ItemVectorPrecision Precision = ItemVectorPrecision.Float32)
    {
        /// <summary>Bytes of the 32-bit vectors that follow a half-precision HNSW graph (0 otherwise).</summary>
        public long ExactVectorsLength => Precision == ItemVectorPrecision.Float16 ? (long)Catalog.Count * Dimension * sizeof(float) : 0;

        /// <summary>Bytes of USearch's graph inside the payload.</summary>
        public long GraphLength => PayloadLength - ExactVectorsLength;
    }

    public static Header ReadHeader(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Item index file '{path}' does not exist. Save the index with IItemIndex.Save first.", path);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        try
        {
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
                throw Damaged(path, "it does not start with the item index signature 'TTITEMIX'; it is not an item index file (or is a different file)");
            int version = reader.ReadInt32();
            if (version is not (1 or FormatVersion))
                throw Damaged(path, $"it has format version {version}; this library reads versions 1 and {FormatVersion}. Rebuild the index with this version");
            var kind = (ItemIndexKind)reader.ReadInt32();
            int dimension = reader.ReadInt32();
            int count = reader.ReadInt32();
            ulong fingerprint = reader.ReadUInt64();
            int hasIds = reader.ReadInt32();
            int expansionSearch = reader.ReadInt32();
            long payloadOffset = reader.ReadInt64();
            long payloadLength = reader.ReadInt64();
            var precision = ItemVectorPrecision.Float32;
            if (version >= 2)
            {
                precision = (ItemVectorPrecision)reader.ReadInt32();
                if (reader.ReadInt32() != 0 || !Enum.IsDefined(precision) || (kind == ItemIndexKind.Exact && precision != ItemVectorPrecision.Float32))
                    throw Damaged(path, "its header holds an unknown vector precision");
            }
            int headerSize = version == 1 ? Version1HeaderSize : HeaderSize;
            if (kind is not (ItemIndexKind.Exact or ItemIndexKind.Hnsw) || dimension <= 0 || count <= 0 || hasIds is not (0 or 1)
                || payloadOffset < headerSize || payloadLength <= 0)
                throw Damaged(path, "its header holds impossible values");
            if (kind == ItemIndexKind.Exact && payloadLength != (long)count * dimension * sizeof(float))
                throw Damaged(path, $"its vector block is {payloadLength} bytes, expected {(long)count * dimension * sizeof(float)}");
            if (stream.Length < payloadOffset + payloadLength)
                throw Damaged(path, $"it is {stream.Length} bytes long but its header needs {payloadOffset + payloadLength}; the file is truncated");

            var keys = new uint[count];
            stream.ReadExactly(MemoryMarshal.AsBytes(keys.AsSpan()));
            var seen = new HashSet<uint>();
            foreach (var key in keys)
                if (key == 0 || !seen.Add(key))
                    throw Damaged(path, $"item key {key} is missing or repeated");
            string?[]? ids = null;
            if (hasIds == 1)
            {
                ids = new string?[count];
                for (int i = 0; i < count; i++)
                {
                    int length = reader.ReadInt32();
                    if (length < -1 || stream.Position + Math.Max(length, 0) > payloadOffset)
                        throw Damaged(path, $"the id of item {i} runs past the payload");
                    ids[i] = length < 0 ? null : Encoding.UTF8.GetString(reader.ReadBytes(length));
                }
            }
            if (stream.Position > payloadOffset)
                throw Damaged(path, "its item table overlaps the payload");
            var catalog = new ItemCatalog(keys, ids, fingerprint, dimension);
            var header = new Header(kind, dimension, fingerprint, expansionSearch, payloadOffset, payloadLength, catalog, precision);
            if (header.GraphLength <= 0)
                throw Damaged(path, $"its payload ({payloadLength} bytes) is too short for the {header.ExactVectorsLength} bytes of 32-bit vectors a half-precision graph carries");
            return header;
        }
        catch (EndOfStreamException)
        {
            throw Damaged(path, "it ends before its item table does; the file is truncated");
        }
    }

    /// <summary>
    /// Opens the index a header describes; <paramref name="options"/> supplies the serving knobs, and its efSearch
    /// replaces the saved one when <paramref name="overrideExpansionSearch"/> is set. With <paramref name="memoryMap"/>
    /// and <paramref name="prefault"/>, every page of an HNSW graph is read once before returning (a server opening a
    /// package to swap in wants it warm).
    /// </summary>
    public static IItemIndex Open(string path, Header header, bool memoryMap, ItemIndexOptions options, bool overrideExpansionSearch, bool prefault = false)
    {
        if (header.Kind == ItemIndexKind.Exact)
            return new ExactItemIndex(header.Catalog, ReadVectors(path, header, header.PayloadOffset), options.SearchThreads);
        var exactVectors = header.Precision == ItemVectorPrecision.Float16
            ? ReadVectors(path, header, header.PayloadOffset + header.GraphLength)
            : null;

        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(header.PayloadOffset, header.GraphLength, MemoryMappedFileAccess.Read);
            return HnswItemIndex.Open(header.Catalog, file, view, header.GraphLength, exactVectors, memoryMap, prefault,
                overrideExpansionSearch || header.ExpansionSearch <= 0 ? options.ExpansionSearch : header.ExpansionSearch,
                options.SearchThreads, options.OverFetchFactor, path);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>The float32 × count × width block at <paramref name="offset"/>, every element checked finite.</summary>
    private static float[] ReadVectors(string path, Header header, long offset)
    {
        var vectors = new float[(long)header.Catalog.Count * header.Dimension];
        using (var stream = File.OpenRead(path))
        {
            stream.Position = offset;
            try
            {
                stream.ReadExactly(MemoryMarshal.AsBytes(vectors.AsSpan()));
            }
            catch (EndOfStreamException)
            {
                throw Damaged(path, "its vector block is cut short; the file is truncated");
            }
        }
        for (int i = 0; i < vectors.Length; i++)
            if (!float.IsFinite(vectors[i]))
                throw Damaged(path, $"item {header.Catalog.Keys[i / header.Dimension]} has a non-finite embedding element");
        return vectors;
    }

    private static void WriteHeaderAndCatalog(Stream stream, ItemCatalog catalog, ItemIndexKind kind, int expansionSearch,
        ItemVectorPrecision precision, long payloadLength)
    {
        var table = new MemoryStream();
        using (var tableWriter = new BinaryWriter(table, Encoding.UTF8, leaveOpen: true))
        {
            tableWriter.Write(MemoryMarshal.AsBytes(catalog.Keys.AsSpan()));
            if (catalog.Ids is not null)
            {
                foreach (var id in catalog.Ids)
                {
                    if (id is null)
                    {
                        tableWriter.Write(-1);
                        continue;
                    }
                    var bytes = Encoding.UTF8.GetBytes(id);
                    tableWriter.Write(bytes.Length);
                    tableWriter.Write(bytes);
                }
            }
        }
        long payloadOffset = AlignUp(HeaderSize + table.Length, PayloadAlignment);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write((int)kind);
        writer.Write(catalog.Dimension);
        writer.Write(catalog.Count);
        writer.Write(catalog.Fingerprint);
        writer.Write(catalog.Ids is null ? 0 : 1);
        writer.Write(expansionSearch);
        writer.Write(payloadOffset);
        writer.Write(payloadLength);
        writer.Write((int)precision);
        writer.Write(0);
        writer.Flush();
        table.Position = 0;
        table.CopyTo(stream);
        stream.Write(new byte[payloadOffset - HeaderSize - table.Length]);
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    private static InvalidDataException Damaged(string path, string why) =>
        new($"Item index file '{path}' cannot be read: {why}.");
}
