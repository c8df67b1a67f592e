namespace MLNet.TwoTower.IO;

/// <summary>
/// Writes files so that a reader sees either the old complete file or the new complete file, never a torn one:
/// the content goes to a temporary file in the same folder (same file system), is flushed to disk, and then
/// replaces the target with a rename. If anything fails, the previous file is left untouched.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> atomically with whatever <paramref name="write"/> puts in the stream.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole content; the stream is closed afterwards.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });
    }
}
