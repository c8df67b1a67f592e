using System.Diagnostics;
using System.Globalization;

namespace MLNet.TwoTower.Serving.Benchmarks;

/// <summary>Latencies of one scenario (milliseconds), with the count of failed requests.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];

    /// <summary>Each recorded request's start (<see cref="Stopwatch"/> timestamp), in the order of <see cref="_milliseconds"/>.</summary>
    private readonly List<long> _starts = [];
    private int _errors;

    public int Errors => _errors;

    public int Count
    {
        get
        {
            lock (_milliseconds)
                return _milliseconds.Count;
        }
    }

    public void Add(long startTimestamp)
    {
        double ms = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        lock (_milliseconds)
        {
            _milliseconds.Add(ms);
            _starts.Add(startTimestamp);
        }
    }

    /// <summary>
    /// Writes one line per request, in start order: its start on the monotonic clock in nanoseconds (CLOCK_MONOTONIC on
    /// Linux, the clock <c>perf record -k CLOCK_MONOTONIC</c> stamps its events with) and its latency in ms, so latency
    /// spikes can be lined up with a scheduler trace.
    /// </summary>
    public void WriteLog(string path)
    {
        lock (_milliseconds)
        {
            var lines = Enumerable.Range(0, _starts.Count).OrderBy(i => _starts[i]).Select(i =>
                string.Create(CultureInfo.InvariantCulture, $"{(long)(_starts[i] * (1e9 / Stopwatch.Frequency))},{_milliseconds[i]:F3}"));
            File.WriteAllLines(path, ["start_ns,latency_ms", .. lines]);
        }
    }

    public void Error() => Interlocked.Increment(ref _errors);

    /// <summary>The <paramref name="q"/>-quantile (nearest rank) of the recorded latencies.</summary>
    public double Quantile(double q)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0)
                return double.NaN;
            var sorted = _milliseconds.Order().ToArray();
            int rank = (int)Math.Ceiling(q * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }
    }
}
