using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Modeling;

/// <summary>
/// Tensor operations whose libtorch signature takes a Scalar the TorchSharp overload fills in from a number (add's alpha,
/// arange's bound), written with Scalars that stay reachable. TorchSharp converts such numbers into
/// temporary <see cref="Scalar"/>s that only the garbage collector frees, and its finalizer thread can free one while
/// libtorch still reads it: "Expected false to be true" from <c>Scalar::toFloat</c>, seen in masked_fill, leaky_relu and
/// add after 10⁴–10⁵ training batches. Training code passes held Scalars everywhere (one-off values as
/// <c>using var s = x.ToScalar()</c>, these shared ones through the helpers below).
/// </summary>
internal static class ExplicitScalars
{
    /// <summary>1, held for the life of the process (a static root is never finalized).</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary><c>left + right</c>.</summary>
    public static Tensor Plus(this Tensor left, Tensor right) => left.add(right, One);

    /// <summary><c>[0, 1, …, count − 1]</c> as Int64 on <paramref name="device"/>.</summary>
    public static Tensor Range(long count, Device device)
    {
        var values = new long[count];
        for (var i = 0L; i < count; i++)
            values[i] = i;
        return tensor(values, device: device);
    }
}
