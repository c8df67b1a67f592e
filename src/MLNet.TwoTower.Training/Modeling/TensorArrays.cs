using static TorchSharp.torch;

namespace MLNet.TwoTower.Modeling;

/// <summary>Copies tensors into plain arrays, whatever device they live on.</summary>
internal static class TensorArrays
{
    /// <summary>Row-major copy of <paramref name="tensor"/>'s values; the tensor itself is left untouched.</summary>
    public static float[] ToFloatArray(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return tensor.detach().cpu().contiguous().data<float>().ToArray();
    }
}
