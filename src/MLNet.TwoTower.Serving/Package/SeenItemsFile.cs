using System.Runtime.InteropServices;

namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// The items each user has seen, as compressed rows (little-endian): magic <c>TTSEENIX</c>, int32 version (1), int32
/// users, int64 total, int64 offsets × (users + 1), uint32 item keys × total. User key u owns the keys between
/// offsets[u − 1] and offsets[u].
/// </summary>
internal static class SeenItemsFile
{
    private static ReadOnlySpan<byte> Magic => "TTSEENIX"u8;
    private const int FormatVersion = 1;

    public static void Write(string path, IReadOnlyList<uint[]> seenByUser) =>
        PackageStore.WriteDurably(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(seenByUser.Count);
            long total = seenByUser.Sum(s => (long)s.Length);
            writer.Write(total);
            long offset = 0;
            writer.Write(offset);
            foreach (var items in seenByUser)
                writer.Write(offset += items.Length);
            writer.Flush();
            foreach (var items in seenByUser)
                stream.Write(MemoryMarshal.AsBytes(items.AsSpan()));
        });

    public static HashSet<uint>[] Read(string path, int userCount, int itemCount)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion)
                throw Damaged(path, "it does not start with the signature 'TTSEENIX' version 1");
            int users = reader.ReadInt32();
            long total = reader.ReadInt64();
            if (users != userCount)
                throw Damaged(path, $"it holds {users} users; the package has {userCount}");
            var offsets = new long[users + 1];
            stream.ReadExactly(MemoryMarshal.AsBytes(offsets.AsSpan()));
            if (offsets[0] != 0 || offsets[^1] != total || stream.Length - stream.Position != total * sizeof(uint))
                throw Damaged(path, "its offsets do not match its length");
            var keys = new uint[total];
            stream.ReadExactly(MemoryMarshal.AsBytes(keys.AsSpan()));
            var seen = new HashSet<uint>[users];
            for (int u = 0; u < users; u++)
            {
                if (offsets[u + 1] < offsets[u])
                    throw Damaged(path, $"user key {u + 1} has a negative item count");
                seen[u] = new HashSet<uint>((int)(offsets[u + 1] - offsets[u]));
                for (long i = offsets[u]; i < offsets[u + 1]; i++)
                {
                    if (keys[i] == 0 || keys[i] > itemCount)
                        throw Damaged(path, $"user key {u + 1} lists item key {keys[i]}, outside 1..{itemCount}");
                    seen[u].Add(keys[i]);
                }
            }
            return seen;
        }
        catch (EndOfStreamException e)
        {
            throw Damaged(path, "it is truncated", e);
        }
    }

    private static PackageFormatException Damaged(string path, string why, Exception? inner = null) =>
        new(path, $"Package file '{path}' cannot be read: {why}. Write the package again.", inner);
}
