using System.Runtime.InteropServices;
using System.Text;

namespace MLNet.TwoTower.IO;

/// <summary>
/// Writes files so that a reader sees either the old complete file or the new complete file, never a torn one, and
/// so that the new file survives a crash once the call returns: the content goes to a temporary file in the same
/// folder (same file system), is flushed to disk, replaces the target with a rename, and then the folder itself is
/// flushed so the rename is on disk too (Linux and macOS; on Windows the file system journals the rename). If anything
/// fails, the previous file is left untouched and the temporary file is deleted.
/// </summary>
/// <remarks>
/// The one implementation for every project of the repository: this assembly sits below all of them (it depends on
/// nothing but the base library), so the dataset writer, the model files, the index files and the charts all share
/// it without a dependency pointing from a lower project to a higher one.
/// </remarks>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="path"/> atomically with whatever <paramref name="write"/> puts in the stream.</summary>
    /// <param name="path">The file to create or replace; its folder is created when missing.</param>
    /// <param name="write">Writes the whole content; the stream is flushed to disk and closed afterwards.</param>
    /// <exception cref="IOException">Writing, flushing or renaming failed (the previous file is intact).</exception>
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
        FlushDirectory(folder);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8NoBom, leaveOpen: true);
            writer.Write(text);
        });
    }

    /// <summary>
    /// fsync(2) of the folder, so the rename that replaced the file is durable. A file system that cannot sync a
    /// folder (EINVAL, ENOTSUP, or one that cannot open it read-only) is left as it is: the file content itself is on
    /// disk already; an I/O error while syncing is reported.
    /// </summary>
    private static void FlushDirectory(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        int descriptor = Posix.Open(folder, Posix.ReadOnly);
        if (descriptor < 0)
            return;
        try
        {
            if (Posix.FileSync(descriptor) != 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error == Posix.IOError)
                    throw new IOException(
                        $"The file in '{folder}' was written, but flushing the folder to disk failed (EIO); the disk may be failing.");
            }
        }
        finally
        {
            _ = Posix.Close(descriptor);
        }
    }

    private static class Posix
    {
        public const int ReadOnly = 0;
        public const int IOError = 5;

        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int FileSync(int descriptor);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int descriptor);
    }
}
