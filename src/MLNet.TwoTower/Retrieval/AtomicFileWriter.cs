namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Writes a file through a temporary file in the same folder, then renames it over the target, so a failed or
/// interrupted write leaves any previous file intact. (Private to retrieval until the shared
/// <c>MLNet.TwoTower.IO.AtomicFile</c> helper lands on main.)
/// </summary>
internal static class AtomicFileWriter
{
    public static void Write(string path, Action<FileStream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temp = TempPathNextTo(fullPath);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>A fresh, unused file name in the same folder as <paramref name="fullPath"/>.</summary>
    public static string TempPathNextTo(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
}
