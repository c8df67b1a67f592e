namespace MLNet.TwoTower.Training;

/// <summary>
/// One feature row per entity, indexed by ML.NET key value: row k holds the features of key k, row 0 (the missing key)
/// stays zero. Dense <c>[KeyCount + 1, Width]</c>, row-major, so training memory grows with the number of entities,
/// not with the number of interactions.
/// </summary>
internal sealed class FeatureTable
{
    public FeatureTable(int keyCount, int width)
    {
        var length = (long)(keyCount + 1L) * width;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(keyCount),
                $"A feature table of {keyCount + 1L} rows × {width} values exceeds the largest array .NET can hold; reduce the key count (for example, map only the ids present in the training data to keys).");
        }
        KeyCount = keyCount;
        Width = width;
        Values = new float[length];
    }

    public int KeyCount { get; }

    public int Width { get; }

    public float[] Values { get; }

    public Span<float> Row(long key) => Values.AsSpan((int)(key * Width), Width);
}
