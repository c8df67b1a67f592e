using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// <c>manifest.json</c>: what a package version holds, with the size and SHA-256 of every file, so that a reader
/// refuses a flipped bit, a truncated, missing or foreign file before using anything (the pattern of an OCI image
/// manifest).
/// </summary>
public sealed class PackageManifest
{
    /// <summary>The value of <see cref="Format"/> in every package.</summary>
    public const string FormatName = "mlnet-twotower-package";

    /// <summary>The format version this library writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public required string Format { get; init; }

    /// <summary>The format version; a reader refuses any other.</summary>
    public required int FormatVersion { get; init; }

    /// <summary>When the package was written (UTC).</summary>
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Every file of the package except the manifest itself.</summary>
    public required IReadOnlyList<PackageFileEntry> Files { get; init; }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Lists and hashes every file of <paramref name="folder"/> (the manifest excluded).</summary>
    internal static PackageManifest Describe(string folder, DateTimeOffset created) => new()
    {
        Format = FormatName,
        FormatVersion = CurrentFormatVersion,
        CreatedUtc = created,
        Files = Directory.GetFiles(folder)
            .Select(Path.GetFileName)
            .Where(name => name != PackageFiles.Manifest)
            .Order(StringComparer.Ordinal)
            .Select(name => new PackageFileEntry(name!, new FileInfo(Path.Combine(folder, name!)).Length, Sha256(Path.Combine(folder, name!))))
            .ToArray(),
    };

    /// <summary>
    /// Reads the manifest of <paramref name="folder"/> and checks every file against it: present, listed, of the
    /// listed size and SHA-256.
    /// </summary>
    /// <exception cref="PackageFormatException">Names the first file that is missing, foreign or corrupted.</exception>
    internal static PackageManifest ReadAndVerify(string folder)
    {
        var path = Path.Combine(folder, PackageFiles.Manifest);
        if (!File.Exists(path))
            throw new PackageFormatException(path,
                $"'{folder}' is not a recommendation package: it has no {PackageFiles.Manifest}. Write one with 'twotower train --out DIR'.");
        var bytes = File.ReadAllBytes(path);
        // The manifest cannot list its own hash, so the version folder's name carries its first 12 hex digits
        // (v-<UTC time>-<hash>, PackageStore): a flipped bit in the manifest is caught here, before a damaged file
        // name in it could send the error to another file.
        var version = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        int dash = version.LastIndexOf('-');
        if (version.StartsWith("v-", StringComparison.Ordinal) && dash > 1 && version.Length - dash - 1 == 12)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
            if (!string.Equals(actual, version[(dash + 1)..], StringComparison.OrdinalIgnoreCase))
                throw new PackageFormatException(path,
                    $"Package manifest '{path}' is corrupted: its SHA-256 starts {actual}, but its version folder '{version}' was named after {version[(dash + 1)..]}. Write the package again.");
        }
        PackageManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PackageManifest>(bytes, Json);
        }
        catch (JsonException e)
        {
            throw new PackageFormatException(path, $"'{path}' is not a readable package manifest ({e.Message}); the package is damaged: write it again.", e);
        }
        if (manifest is null || manifest.Format != FormatName || manifest.Files is null)
            throw new PackageFormatException(path, $"'{path}' is not a package manifest of this library (format must be '{FormatName}').");
        if (manifest.FormatVersion != CurrentFormatVersion)
            throw new PackageFormatException(path,
                $"'{path}' has package format version {manifest.FormatVersion}; this library reads version {CurrentFormatVersion}. Write the package again with this version.");

        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in manifest.Files)
        {
            if (entry.Name is null || entry.Sha256 is null || entry.Name != Path.GetFileName(entry.Name) || !listed.Add(entry.Name))
                throw new PackageFormatException(path, $"'{path}' lists an invalid or repeated file name '{entry.Name}'; the package is damaged: write it again.");
            var file = Path.Combine(folder, entry.Name);
            if (!File.Exists(file))
                throw new PackageFormatException(file, $"Package file '{file}' is missing (the manifest lists it). The package is incomplete: write it again.");
            long length = new FileInfo(file).Length;
            if (length != entry.Bytes)
                throw new PackageFormatException(file,
                    $"Package file '{file}' is {length} bytes, but the manifest says {entry.Bytes}: it was truncated or replaced. Write the package again.");
            var actual = Sha256(file);
            if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new PackageFormatException(file,
                    $"Package file '{file}' is corrupted: its SHA-256 is {actual}, the manifest says {entry.Sha256}. Write the package again.");
        }
        foreach (var file in Directory.GetFileSystemEntries(folder))
        {
            var name = Path.GetFileName(file);
            if (name != PackageFiles.Manifest && !listed.Contains(name))
                throw new PackageFormatException(file,
                    $"'{file}' is not part of this package (the manifest does not list it): a foreign file in a package folder. Remove it or write the package again.");
        }
        return manifest;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>One file of a package.</summary>
/// <param name="Name">The file name inside the version folder.</param>
/// <param name="Bytes">Its length.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex.</param>
public sealed record PackageFileEntry(string Name, long Bytes, string Sha256);
