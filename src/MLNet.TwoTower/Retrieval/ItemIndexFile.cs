using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using MLNet.TwoTower.IO;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Our on-disk index format (little-endian):
/// <code>
///  0  magic "TTITEMIX"          8 bytes
///  8  format version            int32 (1)
/// 12  kind                      int32 (1 exact, 2 HNSW)
/// 16  embedding width           int32
/// 20  item count                int32
/// 24  item-set fingerprint      uint64 (key dictionary the embeddings were made with)
/// 32  has item ids              int32 (0/1)
/// 36  HNSW efSearch             int32 (0 for exact)
/// 40  payload offset            int64 (page-aligned)
/// 48  payload length            int64
/// 56  item keys                 uint32 × count
///     item ids (if present)     per item: int32 byte length (−1 = none) + UTF-8
///     zero padding to the payload offset
///     payload                   exact: float32 × count × width; HNSW: USearch's own serialized graph
/// </code>
/// The payload is page-aligned so the HNSW graph can be memory-mapped in place.
/// </summary>
internal static class ItemIndexFile
{
    private static ReadOnlySpan<byte> Magic => "TTITEMIX"u8;
    private const int FormatVersion = 1;
    private const int HeaderSize = 56;
    private const int PayloadAlignment = 4096;

    public static void SaveExact(string path, ItemCatalog catalog, float[] vectors) =>
        AtomicFile.Write(path, stream =>
        {
            long payloadLength = (long)vectors.Length * sizeof(float);
            WriteHeaderAndCatalog(stream, catalog, ItemIndexKind.Exact, expansionSearch: 0, payloadLength);
            stream.Write(MemoryMarshal.AsBytes(vectors.AsSpan()));
        });

    public static void SaveHnsw(string path, ItemCatalog catalog, int expansionSearch, string graphFile) =>
        AtomicFile.Write(path, stream =>
        {
            using var graph = File.OpenRead(graphFile);
            WriteHeaderAndCatalog(stream, catalog, ItemIndexKind.Hnsw, expansionSearch, graph.Length);
            graph.CopyTo(stream);
        });

    /// <summary>What a file's header says, read and checked without touching the payload.</summary>
    internal sealed record Header(ItemIndexKind Kind, int Dimension, ulong Fingerprint, int ExpansionSearch,
        long PayloadOffset, long PayloadLength, ItemCatalog Catalog);

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
            if (version != FormatVersion)
                throw Damaged(path, $"it has format version {version}; this library reads version {FormatVersion}. Rebuild the index with this version");
            var kind = (ItemIndexKind)reader.ReadInt32();
            int dimension = reader.ReadInt32();
            int count = reader.ReadInt32();
            ulong fingerprint = reader.ReadUInt64();
            int hasIds = reader.ReadInt32();
            int expansionSearch = reader.ReadInt32();
            long payloadOffset = reader.ReadInt64();
            long payloadLength = reader.ReadInt64();
            if (kind is not (ItemIndexKind.Exact or ItemIndexKind.Hnsw) || dimension <= 0 || count <= 0 || hasIds is not (0 or 1)
                || payloadOffset < HeaderSize || payloadLength <= 0)
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
            return new Header(kind, dimension, fingerprint, expansionSearch, payloadOffset, payloadLength, catalog);
        }
        catch (EndOfStreamException)
        {
            throw Damaged(path, "it ends before its item table does; the file is truncated");
        }
    }

    /// <summary>
    /// Opens the index a header describes; <paramref name="options"/> supplies the serving knobs, and its efSearch
    /// replaces the saved one when <paramref name="overrideExpansionSearch"/> is set.
    /// </summary>
    public static IItemIndex Open(string path, Header header, bool memoryMap, ItemIndexOptions options, bool overrideExpansionSearch)
    {
        if (header.Kind == ItemIndexKind.Exact)
        {
            var vectors = new float[(long)header.Catalog.Count * header.Dimension];
            using (var stream = File.OpenRead(path))
            {
                stream.Position = header.PayloadOffset;
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
            return new ExactItemIndex(header.Catalog, vectors, options.SearchThreads);
        }

        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(header.PayloadOffset, header.PayloadLength, MemoryMappedFileAccess.Read);
            return HnswItemIndex.Open(header.Catalog, file, view, header.PayloadLength, memoryMap,
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

    private static void WriteHeaderAndCatalog(Stream stream, ItemCatalog catalog, ItemIndexKind kind, int expansionSearch, long payloadLength)
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
        writer.Flush();
        table.Position = 0;
        table.CopyTo(stream);
        stream.Write(new byte[payloadOffset - HeaderSize - table.Length]);
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    private static InvalidDataException Damaged(string path, string why) =>
        new($"Item index file '{path}' cannot be read: {why}.");
}
