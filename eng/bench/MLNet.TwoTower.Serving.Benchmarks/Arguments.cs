using System.Globalization;
using MLNet.TwoTower.Retrieval;

namespace MLNet.TwoTower.Serving.Benchmarks;

/// <summary>The benchmark's command line.</summary>
internal sealed record Arguments(string Model, string? Label, double Seconds, int Concurrency, int Rate, int? EfSearch, string Out, int? SyntheticUsers, int? SyntheticItems,
    ItemVectorPrecision SyntheticPrecision, string? LatencyLog, bool OpenLoopOnly)
{
    public static Arguments Parse(string[] args)
    {
        string? model = null, label = null, output = Path.Combine("eng", "bench", "results", "serving");
        double seconds = 20;
        int? syntheticUsers = null, syntheticItems = null, efSearch = null;
        int concurrency = 16, rate = 1000;
        var precision = ItemVectorPrecision.Float32;
        string? latencyLog = null;
        bool openLoopOnly = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--model": model = Value(); break;
                case "--label": label = Value(); break;
                case "--seconds": seconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--rate": rate = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--ef-search": efSearch = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--out": output = Value(); break;
                case "--synthetic-users": syntheticUsers = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--synthetic-items": syntheticItems = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--synthetic-precision": precision = Enum.Parse<ItemVectorPrecision>(Value(), ignoreCase: true); break;
                case "--latency-log": latencyLog = Value(); break;
                case "--open-loop-only": openLoopOnly = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. Use --model DIR [--label NAME] [--seconds S] [--concurrency N] [--rate R (0: none)] [--ef-search N] [--out DIR] [--synthetic-users U --synthetic-items I [--synthetic-precision float32|float16]] [--latency-log DIR] [--open-loop-only].");
            }
        }
        if (openLoopOnly && rate == 0)
            throw new ArgumentException("--open-loop-only needs a --rate above 0.");
        if (model is null)
            throw new ArgumentException("--model DIR is required: a package folder written by 'twotower train'.");
        if (seconds <= 0 || seconds > 60 || concurrency <= 0 || rate < 0 || efSearch < 1)
            throw new ArgumentException("--seconds must be in (0, 60], --concurrency positive, --rate 0 or more and --ef-search at least 1.");
        return new Arguments(model, label, seconds, concurrency, rate, efSearch, output, syntheticUsers, syntheticItems, precision, latencyLog, openLoopOnly);
    }
}
