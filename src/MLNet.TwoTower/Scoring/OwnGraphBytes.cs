using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using Onnx;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// The ONNX graph inside an <see cref="OnnxTransformer"/>, when it is one of this library's (a tower or the score
/// graph, recognised by the producer name they are written with). ML.NET keeps the graph bytes to itself, so they are
/// read back the way ML.NET would write them: the transformer is saved alone into memory and its <c>OnnxModel</c>
/// entry read.
/// </summary>
internal static class OwnGraphBytes
{
    /// <summary>The producer name of every graph this library builds.</summary>
    public const string ProducerName = "MLNet.TwoTower";

    /// <summary>Whether <paramref name="graph"/> is one of this library's graphs.</summary>
    public static bool IsOwn(byte[] graph)
    {
        try
        {
            return ModelProto.Parser.ParseFrom(graph).ProducerName == ProducerName;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return false;
        }
    }

    /// <summary>The graph of <paramref name="transformer"/>, or null if ML.NET no longer saves it as expected.</summary>
    public static byte[]? Read(OnnxTransformer transformer)
    {
        using var stream = new MemoryStream();
        new MLContext().Model.Save(transformer, null, stream);
        stream.Position = 0;
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var entry = zip.Entries.FirstOrDefault(e => e.Name == "OnnxModel");
        if (entry is null)
            return null;
        using var content = new MemoryStream();
        using (var entryStream = entry.Open())
            entryStream.CopyTo(content);
        // ML.NET writes the graph as a length-prefixed byte array (Int32 or Int64 length).
        var bytes = content.ToArray();
        byte[]? graph = null;
        if (bytes.Length >= 4 && BitConverter.ToInt32(bytes, 0) == bytes.Length - 4)
            graph = bytes[4..];
        else if (bytes.Length >= 8 && BitConverter.ToInt64(bytes, 0) == bytes.Length - 8)
            graph = bytes[8..];
        return graph;
    }
}
