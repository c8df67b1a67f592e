using System.Text;

namespace MLNet.TwoTower.Datasets.Csv;

/// Writes a file so that a failed write leaves the previous file intact: write a temporary file in the same folder,
/// then move it over the target. (Private copy until MLNet.TwoTower.IO.AtomicFile is available to this project.)
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string contents)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, contents, Utf8NoBom);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
