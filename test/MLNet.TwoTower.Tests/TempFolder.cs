using System.Text;

namespace MLNet.TwoTower.Tests;

/// <summary>
/// The tests' one way to get temporary files: a fresh folder under the system temp folder, deleted with everything in
/// it on <see cref="Dispose"/> (hold it in a <c>using</c> or a test class's <c>Dispose</c>). Set
/// <c>TWOTOWER_KEEP_TEST_FILES</c> to keep the folders for inspection. <see cref="TestHygieneTests"/> fails when a test
/// creates temporary files any other way, so no test leaves folders behind.
/// </summary>
internal sealed class TempFolder : IDisposable
{
    /// <summary>Creates <c>&lt;temp&gt;/&lt;prefix&gt;&lt;guid&gt;</c>.</summary>
    public TempFolder(string prefix = "twotower-test-")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside the folder (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string contents)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, contents, new UTF8Encoding(false));
        return path;
    }

    public string WriteBytes(string name, byte[] contents)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, contents);
        return path;
    }

    /// <summary>Copies the folder <paramref name="from"/> with everything in it to <paramref name="to"/>.</summary>
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            System.IO.File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from))
            Copy(folder, System.IO.Path.Combine(to, System.IO.Path.GetFileName(folder)));
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("TWOTOWER_KEEP_TEST_FILES") is null && Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
