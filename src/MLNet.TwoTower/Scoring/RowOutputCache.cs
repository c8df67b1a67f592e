namespace MLNet.TwoTower.Scoring;

/// <summary>
/// A graph's outputs keyed by the exact bits of all its inputs. Interaction rows repeat users and items, so a tower's
/// embedding for (key, features) is computed once per cursor; a row whose key comes with other feature values is a
/// different entry, never a stale one. A graph whose inputs rarely repeat (a score graph saved before score graphs
/// were row-wise and batched: one user–item pair per row) stops being looked up after <see cref="TrialLookups"/> rows with fewer than one hit in
/// <see cref="MinimumHitShare"/>. At <see cref="MaximumEntries"/> entries the cache starts again from empty.
/// </summary>
internal sealed class RowOutputCache
{
    /// <summary>Lookups after which a cache that hits too rarely is switched off.</summary>
    public const int TrialLookups = 1024;

    /// <summary>Below this share of hits after the trial, the cache is switched off.</summary>
    public const double MinimumHitShare = 1.0 / 8;

    /// <summary>Entries kept at most (a tower of 64 floats and 150 features costs about 1 KB an entry).</summary>
    public const int MaximumEntries = 1 << 17;

    private readonly Dictionary<byte[], float[][]> _entries = new(BytesComparer.Instance);
    private long _lookups;
    private long _hits;

    /// <summary>Whether lookups are still worth their hashing.</summary>
    public bool Enabled { get; private set; } = true;

    /// <summary>The outputs stored for <paramref name="inputBits"/>, or null.</summary>
    public float[][]? Find(byte[] inputBits)
    {
        _lookups++;
        if (_entries.TryGetValue(inputBits, out var outputs))
        {
            _hits++;
            return outputs;
        }
        if (_lookups == TrialLookups && _hits < _lookups * MinimumHitShare)
        {
            Enabled = false;
            _entries.Clear();
        }
        return null;
    }

    /// <summary>Stores <paramref name="outputs"/> (kept as they are) under a copy of <paramref name="inputBits"/>.</summary>
    public void Add(byte[] inputBits, float[][] outputs)
    {
        if (!Enabled)
            return;
        if (_entries.Count >= MaximumEntries)
            _entries.Clear();
        _entries[(byte[])inputBits.Clone()] = outputs;
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public static readonly BytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
