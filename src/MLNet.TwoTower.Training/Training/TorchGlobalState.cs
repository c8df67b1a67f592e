using static TorchSharp.torch;

namespace MLNet.TwoTower.Training;

/// <summary>
/// TorchSharp's thread count is process-wide: two trainings running at once would overwrite each other's setting. A
/// training takes this lock, sets the thread count and restores it when done. It also seeds the global generator,
/// though training draws from its own generators (<see cref="Modeling.NetworkRandomness"/>), so that any library code
/// that still reaches for the global one stays reproducible.
/// </summary>
internal sealed class TorchGlobalState : IDisposable
{
    private static readonly Lock Gate = new();
    private readonly int previousThreads;

    private TorchGlobalState(int seed, int? numberOfThreads)
    {
        Gate.Enter();
        try
        {
            previousThreads = get_num_threads();
            if (numberOfThreads is int threads)
                set_num_threads(threads);
            manual_seed(seed);
        }
        catch
        {
            Gate.Exit();
            throw;
        }
    }

    public static TorchGlobalState Enter(int seed, int? numberOfThreads) => new(seed, numberOfThreads);

    public void Dispose()
    {
        set_num_threads(previousThreads);
        Gate.Exit();
    }
}
