namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// A package cannot be used: a file is missing, corrupted (its SHA-256 differs from the manifest's), foreign (not
/// listed in the manifest), or of an unknown format. <see cref="FileName"/> names the file at fault.
/// </summary>
public sealed class PackageFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public PackageFormatException(string path, string message, Exception? inner = null)
        : base(message, inner) => FileName = path;

    /// <summary>The full path of the file (or folder) at fault.</summary>
    public string FileName { get; }
}
