using static TorchSharp.torch;

namespace MLNet.TwoTower.Training;

/// <summary>
/// TorchSharp's random generator and thread count are process-wide. Two trainings running at once would interleave
/// their random draws (weight initialisation, dropout) and lose determinism, and one would overwrite the other's thread
/// count; so a training takes this lock, seeds, sets the thread count, and restores the thread count when done.
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
