namespace MLNet.TwoTower.Benchmarks;

/// <summary>The benchmark's few switches; the worker mode reads the same names the Python script does.</summary>
internal sealed record CommandLine(bool Worker, IReadOnlyList<int> Sizes, int Epochs, int Threads, int Repeat, string? Python)
{
    public BenchmarkSpec Spec(int interactions) => new(interactions, Epochs, Threads);

    public static CommandLine Parse(string[] args)
    {
        var worker = false;
        IReadOnlyList<int> sizes = [100_000, 1_000_000];
        var epochs = 2;
        var threads = 2;
        var repeat = 1;
        // Debian's python3-torch installs into the system interpreter, which a pyenv shim on PATH may hide.
        string? python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--worker": worker = true; break;
                case "--sizes": sizes = Next().Split(',').Select(int.Parse).ToArray(); break;
                case "--interactions": sizes = [int.Parse(Next())]; break;
                case "--epochs": epochs = int.Parse(Next()); break;
                case "--threads": threads = int.Parse(Next()); break;
                case "--repeat": repeat = int.Parse(Next()); break;
                case "--python": python = Next(); break;
                case "--no-python": python = null; break;
                // The worker receives the full spec; these follow from --interactions and are recomputed.
                case "--width" or "--batch-size" or "--seed" or "--users" or "--items": Next(); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        return new CommandLine(worker, sizes, epochs, threads, repeat, python);
    }
}
