using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using MLNet.TwoTower.IO;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Our on-disk index format (little-endian):
/// <code>
///  0  magic "TTITEMIX"          8 bytes
///  8  format version            int32 (2, or 3 for a segmented HNSW index; version 1 files, without the two
///                               fields at 56, are still read)
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
///     segment table (version 3) int32 segment count S, then per segment: int32 item count, int32 search (1 exact,
///                               2 graph), int64 graph offset in the payload, int64 graph length (both 0 for exact);
///                               then int32 × count: the items' ordinals, segment after segment, ascending in each
///     zero padding to the payload offset
///     payload                   exact: float32 × count × width; HNSW: USearch's own serialized graph, followed,
///                               for float16 precision, by float32 × count × width (the vectors candidates are
///                               scored with); segmented (version 3): float32 × items × width for each segment
///                               that needs its vectors stored (exact ones, and graphs of float16 precision: a
///                               float32 graph holds its vectors itself), in segment order, then each graph
///                               segment's USearch graph at its page-aligned offset
/// </code>
/// The payload (and each graph of a segmented index) is page-aligned so an HNSW graph can be memory-mapped in
/// place. Only a segmented index is written as version 3, so every other file stays readable by earlier releases.
/// </summary>
internal static class ItemIndexFile
{
    private static ReadOnlySpan<byte> Magic => "TTITEMIX"u8;
    private const int FormatVersion = 2;
    private const int SegmentedFormatVersion = 3;
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

    /// <summary>
    /// Writes a segmented HNSW index (format version 3): the segment table, the 32-bit vectors of the segments that need
    /// them stored, then the graph of each graph segment, which <paramref name="graphFiles"/> holds (null for an
    /// exactly scanned segment).
    /// </summary>
    public static void SaveSegmented(string path, ItemCatalog catalog, int expansionSearch, ItemVectorPrecision precision,
        IReadOnlyList<ItemIndexSegment> segments, IReadOnlyList<string?> graphFiles) =>
        AtomicFile.Write(path, stream =>
        {
            var stored = segments.Select((segment, s) => StoresVectors(graphFiles[s] is not null, precision)).ToArray();
            long vectorsLength = segments.Where((segment, s) => stored[s]).Sum(segment => (long)segment.Vectors.Length * sizeof(float));
            var graphLengths = graphFiles.Select(f => f is null ? 0 : new FileInfo(f).Length).ToArray();
            var graphOffsets = new long[segments.Count];
            long end = vectorsLength;
            for (int s = 0; s < segments.Count; s++)
            {
                if (graphFiles[s] is null)
                    continue;
                graphOffsets[s] = AlignUp(end, PayloadAlignment);
                end = graphOffsets[s] + graphLengths[s];
            }
            long payloadOffset = WriteHeaderAndCatalog(stream, catalog, ItemIndexKind.Hnsw, expansionSearch, precision, end, writer =>
            {
                writer.Write(segments.Count);
                for (int s = 0; s < segments.Count; s++)
                {
                    writer.Write(segments[s].Count);
                    writer.Write((int)(graphFiles[s] is null ? ItemIndexKind.Exact : ItemIndexKind.Hnsw));
                    writer.Write(graphOffsets[s]);
                    writer.Write(graphLengths[s]);
                }
                foreach (var segment in segments)
                    writer.Write(MemoryMarshal.AsBytes(segment.Members.AsSpan()));
            });
            for (int s = 0; s < segments.Count; s++)
                if (stored[s])
                    stream.Write(MemoryMarshal.AsBytes(segments[s].Vectors.AsSpan()));
            for (int s = 0; s < segments.Count; s++)
            {
                if (graphFiles[s] is not { } graphFile)
                    continue;
                stream.Write(new byte[payloadOffset + graphOffsets[s] - stream.Position]);
                using var graph = File.OpenRead(graphFile);
                graph.CopyTo(stream);
            }
        });

    /// <summary>
    /// A segment as a version 3 file describes it: its items' ordinals and, for a graph segment, where its graph
    /// lies in the payload (<see cref="GraphLength"/> 0 for an exactly scanned segment).
    /// </summary>
    internal sealed record SegmentEntry(int[] Members, long GraphOffset, long GraphLength)
    {
        public bool IsGraph => GraphLength > 0;
    }

    /// <summary>
    /// Whether a segment's 32-bit vectors are stored in a version 3 file: an exactly scanned segment needs them, and
    /// so does a half-precision graph (its candidates are scored with them); a 32-bit graph holds them itself.
    /// </summary>
    private static bool StoresVectors(bool isGraph, ItemVectorPrecision precision) => !isGraph || precision == ItemVectorPrecision.Float16;

    /// <summary>What a file's header says, read and checked without touching the payload.</summary>
    internal sealed record Header(ItemIndexKind Kind, int Dimension, ulong Fingerprint, int ExpansionSearch,
        long PayloadOffset, long PayloadLength, ItemCatalog Catalog, ItemVectorPrecision Precision = ItemVectorPrecision.Float32,
        IReadOnlyList<SegmentEntry>? Segments = null)
    {
        /// <summary>Bytes of the 32-bit vectors that follow a half-precision HNSW graph (0 otherwise; unused when segmented).</summary>
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
            if (version is not (1 or FormatVersion or SegmentedFormatVersion))
                throw Damaged(path, $"it has format version {version}; this library reads versions 1 to {SegmentedFormatVersion}. Rebuild the index with this version");
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
                || payloadOffset < headerSize || payloadLength <= 0 || (version == SegmentedFormatVersion && kind != ItemIndexKind.Hnsw))
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
            var segments = version == SegmentedFormatVersion ? ReadSegments(path, reader, count, dimension, precision, payloadOffset, payloadLength) : null;
            if (stream.Position > payloadOffset)
                throw Damaged(path, "its item table overlaps the payload");
            var catalog = new ItemCatalog(keys, ids, fingerprint, dimension);
            var header = new Header(kind, dimension, fingerprint, expansionSearch, payloadOffset, payloadLength, catalog, precision, segments);
            if (segments is null && header.GraphLength <= 0)
                throw Damaged(path, $"its payload ({payloadLength} bytes) is too short for the {header.ExactVectorsLength} bytes of 32-bit vectors a half-precision graph carries");
            return header;
        }
        catch (EndOfStreamException)
        {
            throw Damaged(path, "it ends before its item table does; the file is truncated");
        }
    }

    /// <summary>
    /// Reads and checks a version 3 segment table: the segments' items must be a partition of the catalogue, each
    /// ascending, and their graphs must lie, page-aligned and in order, after the vectors inside the payload.
    /// </summary>
    private static SegmentEntry[] ReadSegments(string path, BinaryReader reader, int count, int dimension, ItemVectorPrecision precision,
        long payloadOffset, long payloadLength)
    {
        int segmentCount = reader.ReadInt32();
        if (segmentCount < 2 || segmentCount > Math.Min(count, ItemSegmentation.MaxSegments))
            throw Damaged(path, $"its segment table holds {segmentCount} segments, expected 2 to {Math.Min(count, ItemSegmentation.MaxSegments)}");
        var sizes = new int[segmentCount];
        var searches = new ItemIndexKind[segmentCount];
        var offsets = new long[segmentCount];
        var lengths = new long[segmentCount];
        long total = 0, end = 0;
        for (int s = 0; s < segmentCount; s++)
        {
            sizes[s] = reader.ReadInt32();
            searches[s] = (ItemIndexKind)reader.ReadInt32();
            offsets[s] = reader.ReadInt64();
            lengths[s] = reader.ReadInt64();
            if (sizes[s] <= 0 || searches[s] is not (ItemIndexKind.Exact or ItemIndexKind.Hnsw))
                throw Damaged(path, $"its segment table entry {s} holds impossible values");
            total += sizes[s];
            if (StoresVectors(searches[s] == ItemIndexKind.Hnsw, precision))
                end += (long)sizes[s] * dimension * sizeof(float);
        }
        if (total != count)
            throw Damaged(path, $"its segments hold {total} items, but its header says {count}");
        for (int s = 0; s < segmentCount; s++)
        {
            bool valid = searches[s] == ItemIndexKind.Exact
                ? offsets[s] == 0 && lengths[s] == 0
                : lengths[s] > 0 && offsets[s] >= end && offsets[s] % PayloadAlignment == 0 && offsets[s] + lengths[s] <= payloadLength;
            if (!valid)
                throw Damaged(path, $"its segment table entry {s} holds impossible values");
            if (searches[s] == ItemIndexKind.Hnsw)
                end = offsets[s] + lengths[s];
        }
        if (end != payloadLength)
            throw Damaged(path, $"its payload is {payloadLength} bytes, but its segments need {end}");
        var seen = new bool[count];
        var entries = new SegmentEntry[segmentCount];
        for (int s = 0; s < segmentCount; s++)
        {
            var members = new int[sizes[s]];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(members.AsSpan()));
            for (int i = 0; i < members.Length; i++)
            {
                if (members[i] < 0 || members[i] >= count || seen[members[i]] || (i > 0 && members[i] <= members[i - 1]))
                    throw Damaged(path, $"its segment {s} lists item ordinal {members[i]}, out of range, repeated or out of order");
                seen[members[i]] = true;
            }
            entries[s] = new SegmentEntry(members, offsets[s], lengths[s]);
        }
        if (reader.BaseStream.Position > payloadOffset)
            throw Damaged(path, "its segment table overlaps the payload");
        return entries;
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
        int expansionSearch = overrideExpansionSearch || header.ExpansionSearch <= 0 ? options.ExpansionSearch : header.ExpansionSearch;
        if (header.Segments is { } segments)
            return OpenSegmented(path, header, segments, memoryMap, options, expansionSearch, prefault);
        var exactVectors = header.Precision == ItemVectorPrecision.Float16
            ? ReadVectors(path, header, header.PayloadOffset + header.GraphLength)
            : null;
        return OpenGraph(path, header.Catalog, header.PayloadOffset, header.GraphLength, exactVectors, memoryMap, options, expansionSearch, prefault);
    }

    /// <summary>
    /// Opens each segment of a version 3 file: its stored vectors read (and checked) into memory, or, for a 32-bit
    /// graph, copied out of the graph; its graph, if it has one, opened as a plain HNSW index over the segment's keys.
    /// </summary>
    private static SegmentedItemIndex OpenSegmented(string path, Header header, IReadOnlyList<SegmentEntry> entries, bool memoryMap,
        ItemIndexOptions options, int expansionSearch, bool prefault)
    {
        var segments = new List<ItemIndexSegment>(entries.Count);
        try
        {
            long offset = header.PayloadOffset;
            foreach (var entry in entries)
            {
                float[]? vectors = null;
                if (StoresVectors(entry.IsGraph, header.Precision))
                {
                    var keys = entry.Members.Select(ordinal => header.Catalog.Keys[ordinal]).ToArray();
                    vectors = ReadVectors(path, offset, entry.Members.Length, header.Dimension, keys);
                    offset += (long)vectors.Length * sizeof(float);
                }
                var catalog = ItemIndexSegment.CatalogOf(header.Catalog, entry.Members.Length);
                if (entry.IsGraph)
                {
                    var graph = OpenGraph(path, catalog, header.PayloadOffset + entry.GraphOffset, entry.GraphLength,
                        vectors, memoryMap, options, expansionSearch, prefault);
                    segments.Add(new ItemIndexSegment(entry.Members, vectors ?? CopyVectorsOrDispose(graph), graph));
                }
                else
                {
                    segments.Add(new ItemIndexSegment(entry.Members, vectors!, new ExactItemIndex(catalog, vectors!, options.SearchThreads)));
                }
            }
        }
        catch
        {
            foreach (var segment in segments)
                segment.Index.Dispose();
            throw;
        }
        return new SegmentedItemIndex(header.Catalog, [.. segments], expansionSearch, header.Precision, options.SearchThreads);
    }

    /// <summary>A 32-bit graph's vectors (what its candidates are scored with); the graph is disposed if reading them fails.</summary>
    private static float[] CopyVectorsOrDispose(HnswItemIndex graph)
    {
        try
        {
            return graph.CopyVectors();
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    /// <summary>Opens the USearch graph of <paramref name="length"/> bytes at <paramref name="offset"/> over <paramref name="catalog"/>.</summary>
    private static HnswItemIndex OpenGraph(string path, ItemCatalog catalog, long offset, long length, float[]? exactVectors,
        bool memoryMap, ItemIndexOptions options, int expansionSearch, bool prefault)
    {
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
            return HnswItemIndex.Open(catalog, file, view, length, exactVectors, memoryMap, prefault,
                expansionSearch, options.SearchThreads, options.OverFetchFactor, path);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>The float32 × count × width block at <paramref name="offset"/>, every element checked finite.</summary>
    private static float[] ReadVectors(string path, Header header, long offset) =>
        ReadVectors(path, offset, header.Catalog.Count, header.Dimension, header.Catalog.Keys);

    /// <summary>
    /// The float32 × <paramref name="count"/> × <paramref name="dimension"/> block at <paramref name="offset"/>, every
    /// element checked finite (<paramref name="keys"/> name the items in the error).
    /// </summary>
    private static float[] ReadVectors(string path, long offset, int count, int dimension, uint[] keys)
    {
        var vectors = new float[(long)count * dimension];
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
                throw Damaged(path, $"item {keys[i / dimension]} has a non-finite embedding element");
        return vectors;
    }

    /// <summary>
    /// Writes the header and the item table (and, for a segmented index, the <paramref name="segmentTable"/>, which
    /// makes the file version 3), padded to the payload; returns the payload offset.
    /// </summary>
    private static long WriteHeaderAndCatalog(Stream stream, ItemCatalog catalog, ItemIndexKind kind, int expansionSearch,
        ItemVectorPrecision precision, long payloadLength, Action<BinaryWriter>? segmentTable = null)
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
            segmentTable?.Invoke(tableWriter);
        }
        long payloadOffset = AlignUp(HeaderSize + table.Length, PayloadAlignment);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(segmentTable is null ? FormatVersion : SegmentedFormatVersion);
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
        return payloadOffset;
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    private static InvalidDataException Damaged(string path, string why) =>
        new($"Item index file '{path}' cannot be read: {why}.");
}
