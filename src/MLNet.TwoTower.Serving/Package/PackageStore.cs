using System.Globalization;
using System.Text;

namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// The folder a package lives in, replaced as a unit. Each write goes to a hidden sibling
/// (<c>.tmp-&lt;guid&gt;/</c>), every file flushed to disk; the folder is renamed to a version folder
/// (<c>v-&lt;UTC time&gt;-&lt;manifest hash&gt;/</c>) and the <c>current</c> pointer file is then replaced
/// atomically (temporary file, flush, rename). A reader follows the pointer, so it sees the old version or the new,
/// never a mix; a writer killed at any point leaves the old pointer in place. Leftovers of failed or killed writes
/// (temporary folders, versions never made current) are removed by the next write; the previous version is kept
/// one write longer, for readers that still have it open.
/// </summary>
internal static class PackageStore
{
    private const string TemporaryPrefix = ".tmp-";
    private const string VersionPrefix = "v-";

    /// <summary>
    /// Writes a new version into <paramref name="root"/>: <paramref name="writeFiles"/> fills a temporary folder,
    /// then the manifest is written, the folder becomes a version and the pointer is switched to it.
    /// </summary>
    /// <param name="root">The package folder.</param>
    /// <param name="writeFiles">Writes the files into the folder it is given, calling the step callback before each.</param>
    /// <param name="stepHook">Called with the name of each step before it runs; tests freeze or fail a write there.</param>
    /// <returns>The full path of the new version folder.</returns>
    public static string Write(string root, Action<string, Action<string>> writeFiles, Action<string>? stepHook = null)
    {
        void Step(string name) => stepHook?.Invoke(name);
        root = Path.GetFullPath(root);
        if (File.Exists(root))
            throw new IOException($"'{root}' is a file; a package is written into a folder. Choose another --out.");
        if (Directory.Exists(root) && File.Exists(Path.Combine(root, PackageFiles.Manifest)))
            throw new IOException(
                $"'{root}' is itself a package version folder; write into the package folder that holds it ('{Path.GetDirectoryName(root)}').");
        Directory.CreateDirectory(root);
        var previous = ReadPointerOrNull(root);
        RemoveLeftovers(root, keep: previous);

        var temporary = Path.Combine(root, TemporaryPrefix + Guid.NewGuid().ToString("N"));
        string? final = null;
        bool switched = false;
        Directory.CreateDirectory(temporary);
        try
        {
            Step("files");
            writeFiles(temporary, Step);
            Step(PackageFiles.Manifest);
            var created = DateTimeOffset.UtcNow;
            var manifest = PackageManifest.Describe(temporary, created);
            var manifestBytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(manifest, PackageManifest.Json);
            WriteDurably(Path.Combine(temporary, PackageFiles.Manifest), manifestBytes);
            FlushFolder(temporary);

            Step("rename");
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(manifestBytes))[..12];
            var version = $"{VersionPrefix}{created.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{hash}";
            final = Path.Combine(root, version);
            Directory.Move(temporary, final);
            FlushFolder(root);

            Step(PackageFiles.CurrentPointer);
            SwitchPointer(root, version);
            switched = true;
            Step("done");
            // The version before the previous one can go now; the previous one stays for readers that still hold it.
            RemoveLeftovers(root, keep: previous, alsoKeep: version);
            return final;
        }
        finally
        {
            if (Directory.Exists(temporary))
                Directory.Delete(temporary, recursive: true);
            // A version that never became current is a leftover too.
            if (!switched && final is not null && Directory.Exists(final) && ReadPointerOrNull(root) != Path.GetFileName(final))
                Directory.Delete(final, recursive: true);
        }
    }

    /// <summary>
    /// The version folder to read: <paramref name="root"/> itself when it holds a manifest (a version folder passed
    /// directly), else the folder the pointer names.
    /// </summary>
    public static string Resolve(string root)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"There is no package folder '{root}'. Write one with 'twotower train --out {root}'.");
        if (File.Exists(Path.Combine(root, PackageFiles.Manifest)))
            return root;
        var version = ReadPointerOrNull(root);
        if (version is null)
        {
            var legacy = File.Exists(Path.Combine(root, "keys.json")) || File.Exists(Path.Combine(root, "model.zip"));
            throw new PackageFormatException(Path.Combine(root, PackageFiles.CurrentPointer), legacy
                ? $"'{root}' holds a model folder of an earlier version (model.zip, keys.json, no package manifest), which cannot be verified. " +
                  "Train again with 'twotower train --out DIR' to write a recommendation package."
                : $"'{root}' is not a recommendation package: it has no '{PackageFiles.CurrentPointer}' pointer and no {PackageFiles.Manifest}. " +
                  "Write one with 'twotower train --out DIR'.");
        }
        var folder = Path.Combine(root, version);
        if (!Directory.Exists(folder))
            throw new PackageFormatException(folder,
                $"The package pointer '{Path.Combine(root, PackageFiles.CurrentPointer)}' names version '{version}', which does not exist. The package folder was damaged; write it again.");
        return folder;
    }

    /// <summary>The version the pointer names, or null when there is no pointer.</summary>
    public static string? ReadPointerOrNull(string root)
    {
        var pointer = Path.Combine(root, PackageFiles.CurrentPointer);
        if (!File.Exists(pointer))
            return null;
        var version = File.ReadAllText(pointer, Encoding.UTF8).Trim();
        if (!version.StartsWith(VersionPrefix, StringComparison.Ordinal) || version != Path.GetFileName(version))
            throw new PackageFormatException(pointer,
                $"The package pointer '{pointer}' should name a version folder ('{VersionPrefix}…'); it holds '{version}'. Write the package again.");
        return version;
    }

    private static void SwitchPointer(string root, string version)
    {
        var pointer = Path.Combine(root, PackageFiles.CurrentPointer);
        var temporary = Path.Combine(root, $"{TemporaryPrefix}{PackageFiles.CurrentPointer}-{Guid.NewGuid():N}");
        try
        {
            WriteDurably(temporary, Encoding.UTF8.GetBytes(version + "\n"));
            File.Move(temporary, pointer, overwrite: true);
            FlushFolder(root);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>Removes temporary folders and files and every version except <paramref name="keep"/> and <paramref name="alsoKeep"/>.</summary>
    private static void RemoveLeftovers(string root, string? keep, string? alsoKeep = null)
    {
        var current = ReadPointerOrNull(root);
        foreach (var entry in Directory.GetFileSystemEntries(root))
        {
            var name = Path.GetFileName(entry);
            bool leftover = name.StartsWith(TemporaryPrefix, StringComparison.Ordinal)
                || (name.StartsWith(VersionPrefix, StringComparison.Ordinal) && name != keep && name != alsoKeep && name != current);
            if (!leftover)
                continue;
            if (Directory.Exists(entry))
                Directory.Delete(entry, recursive: true);
            else
                File.Delete(entry);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to a new file and flushes it to disk.</summary>
    internal static void WriteDurably(string path, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Writes a new file with <paramref name="write"/> and flushes it to disk.</summary>
    internal static void WriteDurably(string path, Action<Stream> write)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        write(stream);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Flushes an existing file (written by someone else's writer) to disk.</summary>
    internal static void FlushFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Makes a folder's entries (creations, renames) durable; a no-op where folders cannot be opened (Windows).</summary>
    private static void FlushFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
            return;
        // .NET refuses to open a directory as a file handle, so ask libc directly (open O_RDONLY, fsync, close).
        int fd = NativeMethods.open(folder, 0);
        if (fd < 0)
            return;
        try
        {
            // Some file systems refuse fsync on a directory; the renames are still atomic, only less durable.
            _ = NativeMethods.fsync(fd);
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    private static class NativeMethods
    {
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
