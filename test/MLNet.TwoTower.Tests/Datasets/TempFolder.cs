using System.Text;

namespace MLNet.TwoTower.Tests.Datasets;

/// A temporary folder deleted after the test.
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "twotower-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string contents)
    {
        string path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, contents, new UTF8Encoding(false));
        return path;
    }

    public string WriteBytes(string name, byte[] contents)
    {
        string path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, contents);
        return path;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
