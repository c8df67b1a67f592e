namespace MLNet.TwoTower.Training.Sampling;

/// <summary>
/// The streaming frequency estimator of Yi et al. (RecSys 2019, Algorithms 2–3) for data that arrives as a stream
/// (counts unknown in advance, vocabulary unbounded). Each item hashes into <c>H</c> buckets of arrays A (step the
/// item was last seen) and B (moving average of the gap between sightings):
/// <c>B ← (1 − α)·B + α·(t − A); A ← t</c>. The item then shows up about once every B steps, so p ≈ 1/B.
/// With several hash functions, collisions only ever shorten a bucket's gap, so the largest B is the least biased
/// estimate (Algorithm 3).
/// </summary>
internal sealed class StreamingFrequencyEstimator : IItemFrequencyEstimator
{
    private readonly long[][] _lastSeen;
    private readonly float[][] _gap;
    private readonly uint[] _salts;
    private readonly float _learningRate;

    /// <param name="buckets">Hash buckets per hash function (H in the paper).</param>
    /// <param name="hashFunctions">Number of independent hash functions (≥ 1).</param>
    /// <param name="learningRate">α, the moving-average rate (the paper uses 0.01-ish).</param>
    /// <param name="initialGap">B's starting value; larger means "assume rare until seen again".</param>
    public StreamingFrequencyEstimator(int buckets, int hashFunctions = 2, float learningRate = 0.01f, float initialGap = 100f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hashFunctions, 1);
        if (!(learningRate > 0 && learningRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate α must be in (0, 1].");
        if (!(initialGap >= 1))
            throw new ArgumentOutOfRangeException(nameof(initialGap), initialGap, "The initial gap must be at least 1 step.");
        _learningRate = learningRate;
        _lastSeen = new long[hashFunctions][];
        _gap = new float[hashFunctions][];
        _salts = new uint[hashFunctions];
        for (int f = 0; f < hashFunctions; f++)
        {
            _lastSeen[f] = new long[buckets];
            Array.Fill(_lastSeen[f], -1L);
            _gap[f] = new float[buckets];
            Array.Fill(_gap[f], initialGap);
            _salts[f] = 0x9E3779B9u * (uint)(f + 1);
        }
    }

    /// <inheritdoc />
    public void Observe(ReadOnlySpan<int> itemKeys, long step)
    {
        foreach (var key in itemKeys)
        {
            for (int f = 0; f < _salts.Length; f++)
            {
                int bucket = Bucket(key, f);
                long last = _lastSeen[f][bucket];
                // An item seen twice in one batch must not shrink its gap to zero: only the first sighting counts.
                if (last == step)
                    continue;
                if (last >= 0)
                    _gap[f][bucket] = (1 - _learningRate) * _gap[f][bucket] + _learningRate * (step - last);
                _lastSeen[f][bucket] = step;
            }
        }
    }

    /// <inheritdoc />
    public float Probability(int itemKey)
    {
        float gap = 0;
        for (int f = 0; f < _salts.Length; f++)
            gap = Math.Max(gap, _gap[f][Bucket(itemKey, f)]);
        return 1f / Math.Max(1f, gap);
    }

    private int Bucket(int key, int function)
    {
        // A multiplicative (Fibonacci) hash with a per-function salt: cheap, deterministic and well spread.
        uint h = unchecked(((uint)key ^ _salts[function]) * 2654435761u);
        h ^= h >> 16;
        return (int)(h % (uint)_gap[function].Length);
    }
}
