namespace MLNet.TwoTower.Benchmarks;

/// <summary>
/// One training-throughput configuration, identical for the C# and the PyTorch run: random features of
/// <see cref="Width"/> on each side, every interaction a positive pair, towers [128, 64], batch 256.
/// </summary>
internal sealed record BenchmarkSpec(int Interactions, int Epochs, int Threads, int Width = 150, int BatchSize = 256, int Seed = 42)
{
    /// <summary>Entities grow with the data like a real catalogue: 100 interactions per user, 200 per item.</summary>
    public int Users => Math.Max(1000, Interactions / 100);

    public int Items => Math.Max(500, Interactions / 200);

    public string[] ToArguments() =>
    [
        "--interactions", Interactions.ToString(), "--epochs", Epochs.ToString(), "--threads", Threads.ToString(),
        "--width", Width.ToString(), "--batch-size", BatchSize.ToString(), "--seed", Seed.ToString(),
        "--users", Users.ToString(), "--items", Items.ToString(),
    ];
}
