namespace MLNet.TwoTower.Tests.Reporting;

internal static class PngAssert
{
    /// <summary>The file is a PNG of the given size: the signature, then IHDR's big-endian width and height at offsets 16 and 20.</summary>
    public static void HasSize(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        Assert.Equal(width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
