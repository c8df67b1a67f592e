using MLNet.TwoTower.IO;

namespace MLNet.TwoTower.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _temp = new("twotower-atomic-");

    private string _folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Write_CallbackThrowsHalfway_LeavesEarlierFileIntactAndNoTemporaryFile()
    {
        var path = Path.Combine(_folder, "model.onnx");
        AtomicFile.WriteAllText(path, "old and complete");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new but"u8);
            throw new IOException("disk full");
        }));

        Assert.Equal("old and complete", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Write_TargetIsADirectory_FailsAndLeavesItAlone()
    {
        // The rename onto the target fails (a folder sits there); the temporary file must not be left behind.
        // (A read-only folder cannot stand in here: tests may run as root, who can write anywhere.)
        var path = Path.Combine(_folder, "taken");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllBytes(path, [1, 2, 3]));

        Assert.True(Directory.Exists(path));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void WriteAllBytes_ReplacesExistingFile()
    {
        var path = Path.Combine(_folder, "a.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);

        AtomicFile.WriteAllBytes(path, [4, 5]);

        Assert.Equal([4, 5], File.ReadAllBytes(path));
    }
}
