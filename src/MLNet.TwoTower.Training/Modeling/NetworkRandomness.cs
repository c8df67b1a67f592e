using static TorchSharp.torch;

namespace MLNet.TwoTower.Modeling;

/// <summary>
/// The generators a network draws from, seeded by the training: one on the CPU for the initial weights (modules are
/// built there), one on the training device for dropout masks. The owner disposes them after the network.
/// </summary>
internal sealed class NetworkRandomness : IDisposable
{
    public NetworkRandomness(int seed, Device device)
    {
        Initialization = new Generator((ulong)seed, CPU);
        // A different stream from the initialisation's, so the first masks do not repeat the first weights' draws.
        Dropout = new Generator((ulong)seed + 1, device);
    }

    public Generator Initialization { get; }

    public Generator Dropout { get; }

    public void Dispose()
    {
        Initialization.Dispose();
        Dropout.Dispose();
    }
}
