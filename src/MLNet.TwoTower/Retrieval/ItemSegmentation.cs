namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Splits a catalogue into segments whose vectors differ structurally, so that an approximate index can search each
/// on its own (<see cref="SegmentedItemIndex"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>The rule.</b> A coordinate is <i>mixed</i> when the catalogue holds both exact zeros and non-zeros in it. An
/// item's segment is its pattern of zero and non-zero over the mixed coordinates; items sharing a pattern share a
/// segment, and segments are ordered by their first item. A catalogue with no mixed coordinate, or with more than
/// <see cref="MaxSegments"/> patterns, is one segment.
/// </para>
/// <para>
/// <b>Why.</b> An exact zero in a float embedding is not a learned value that happens to be small: it is a term the
/// item does not have. The case that made this necessary is the trainer's popularity prior, a coordinate
/// <c>log(1 + training positives)</c> that every user reads with the same positive weight: items with training
/// positives carry it, new and never-interacted items hold exactly 0 there. On a catalogue of 1,000 trained items
/// next to 99,000 new ones the trained items formed an island in one HNSW graph: the exact top-10 lay in the island,
/// and searches entering among the new items never crossed over (recall@10 0.18 at every efSearch; the retrieval
/// benchmark's README). Searched apart — the island exactly or in a graph of its own, the new items in theirs — and
/// merged by exact score, each search stays inside vectors of one shape. The rule needs nothing model-specific: any
/// appended term that only some items have (a prior, a flag, a block of features absent for some items) separates
/// the same way, whichever side is the minority.
/// </para>
/// <para>
/// <b>Why it is safe.</b> Dense embeddings (a tower's normalised output) practically never hold an exact zero, so
/// they stay one segment and are indexed exactly as before. A stray zero in a few items makes a few tiny segments,
/// which are searched exactly: the answer can only improve, at the cost of scoring those items. Embeddings that are
/// sparse everywhere (ReLU outputs, TF-IDF) show many patterns and stay one segment, because
/// <see cref="MaxSegments"/> graphs searched one after another per query would cost more than they gain.
/// </para>
/// </remarks>
internal static class ItemSegmentation
{
    /// <summary>
    /// Most segments a catalogue is split into. Each segment is a separate search per query, so the cap bounds the
    /// cost; the popularity prior alone makes 2, and 8 leaves room for a few more such terms.
    /// </summary>
    public const int MaxSegments = 8;

    /// <summary>
    /// The segments of the <paramref name="count"/> × <paramref name="dimension"/> vectors: each an ascending array
    /// of item ordinals, together a partition of 0..count−1. One segment (every ordinal) when the rule finds none.
    /// </summary>
    public static int[][] Split(ReadOnlySpan<float> vectors, int count, int dimension)
    {
        var zeros = new int[dimension];
        for (int i = 0; i < count; i++)
        {
            var vector = vectors.Slice(i * dimension, dimension);
            for (int j = 0; j < dimension; j++)
                if (vector[j] == 0f) // −0 too
                    zeros[j]++;
        }
        var mixed = Enumerable.Range(0, dimension).Where(j => zeros[j] > 0 && zeros[j] < count).ToArray();
        if (mixed.Length == 0)
            return [Enumerable.Range(0, count).ToArray()];

        // Patterns as bit sets over the mixed coordinates; at most MaxSegments are kept, so matching one is cheap.
        int words = (mixed.Length + 63) / 64;
        var patterns = new List<ulong[]>(MaxSegments);
        var members = new List<List<int>>(MaxSegments);
        var pattern = new ulong[words];
        for (int i = 0; i < count; i++)
        {
            Array.Clear(pattern);
            var vector = vectors.Slice(i * dimension, dimension);
            for (int m = 0; m < mixed.Length; m++)
                if (vector[mixed[m]] != 0f)
                    pattern[m / 64] |= 1UL << (m % 64);
            int segment = patterns.FindIndex(p => p.AsSpan().SequenceEqual(pattern));
            if (segment < 0)
            {
                if (patterns.Count == MaxSegments)
                    return [Enumerable.Range(0, count).ToArray()];
                segment = patterns.Count;
                patterns.Add((ulong[])pattern.Clone());
                members.Add([]);
            }
            members[segment].Add(i);
        }
        return [.. members.Select(m => m.ToArray())];
    }

    /// <summary>
    /// Which segments get a graph (true) and which are scanned exactly (false). The largest segment always gets a
    /// graph: it is the bulk of a catalogue that approximate search was chosen for. The others are scanned exactly,
    /// smallest first, while the items scanned exactly stay within <paramref name="exactSearchMaxItems"/> (the size
    /// up to which <see cref="ItemIndexKind.Auto"/> scans a whole catalogue); any left over get graphs of their own.
    /// </summary>
    public static bool[] ChooseGraphs(IReadOnlyList<int[]> segments, int exactSearchMaxItems)
    {
        var graph = new bool[segments.Count];
        var bySize = Enumerable.Range(0, segments.Count).OrderBy(s => segments[s].Length).ThenBy(s => s).ToArray();
        graph[bySize[^1]] = true;
        long scanned = 0;
        foreach (int s in bySize[..^1])
        {
            scanned += segments[s].Length;
            graph[s] = scanned > exactSearchMaxItems;
        }
        return graph;
    }
}
