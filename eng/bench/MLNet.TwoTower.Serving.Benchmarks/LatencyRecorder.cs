using System.Diagnostics;

namespace MLNet.TwoTower.Serving.Benchmarks;

/// <summary>Latencies of one scenario (milliseconds), with the count of failed requests.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];
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
            _milliseconds.Add(ms);
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
