using Google.Protobuf;
using MLNet.TwoTower.Persistence;
using Onnx;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// Whether a graph of ours was built row-wise (<see cref="OnnxGraphBuilder.RowwiseMetadataKey"/>): each row's outputs
/// come from that row alone by element-by-element arithmetic, so ONNX Runtime gives bit-identical outputs at batch 1
/// and batch N, and the graph may run many rows per call (the score graph). A tower is not: its <c>Gemm</c>/
/// <c>MatMul</c> picks another kernel, and another summation order, by batch size, which is why towers run at batch 1
/// like ML.NET's <c>OnnxTransformer</c>. Graphs saved before the mark existed (summing with <c>ReduceSum</c>, which is
/// not batch-invariant) carry no mark and keep running one row at a time.
/// </summary>
internal static class RowwiseGraph
{
    public static bool IsRowwise(byte[] graphBytes)
    {
        try
        {
            return ModelProto.Parser.ParseFrom(graphBytes).MetadataProps
                .Any(p => p.Key == OnnxGraphBuilder.RowwiseMetadataKey && p.Value == "true");
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
