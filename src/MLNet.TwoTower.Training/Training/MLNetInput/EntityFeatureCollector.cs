using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Training.MLNetInput;

/// <summary>
/// Stores one feature vector per key while the data is read, and checks that every row of the same key carries the
/// same, finite vector.
/// </summary>
internal sealed class EntityFeatureCollector
{
    private readonly string idColumn;
    private readonly string? featuresColumn;
    private readonly Func<ulong, string> describeKey;
    private readonly long[] firstRow;
    private readonly float[] scratch;
    private VBuffer<float> buffer;

    public EntityFeatureCollector(string idColumn, string? featuresColumn, int keyCount, int width,
        Func<ulong, string> describeKey)
    {
        this.idColumn = idColumn;
        this.featuresColumn = featuresColumn;
        this.describeKey = describeKey;
        Table = new FeatureTable(keyCount, width);
        // -1 marks a key not seen yet.
        firstRow = new long[keyCount + 1];
        Array.Fill(firstRow, -1L);
        scratch = new float[width];
    }

    public FeatureTable Table { get; }

    /// <summary>Keys seen so far, ascending.</summary>
    public int[] SeenKeys()
    {
        var keys = new List<int>();
        for (var key = 1; key < firstRow.Length; key++)
        {
            if (firstRow[key] >= 0)
                keys.Add(key);
        }
        return keys.ToArray();
    }

    /// <summary>
    /// Records the current row's features for <paramref name="key"/> and returns the key. A null feature getter means
    /// the tower reads only the id: the key is recorded as seen, there is nothing to store.
    /// </summary>
    public int Add(ulong key, ValueGetter<VBuffer<float>>? features, long row)
    {
        if (key == 0)
        {
            throw new ArgumentException(
                $"Column '{idColumn}' has a missing key at row {row}: the id was not in the key's dictionary or was empty. Drop such rows (FilterRowsByMissingValues) or fit MapValueToKey on data that contains every id.",
                "data");
        }

        if (features is null)
        {
            if (firstRow[key] < 0)
                firstRow[key] = row;
            return (int)key;
        }
        features(ref buffer);
        if (buffer.Length != Table.Width)
        {
            throw new ArgumentException(
                $"Column '{featuresColumn}' has {buffer.Length} values at row {row}; the schema declares {Table.Width}.", "data");
        }
        buffer.CopyTo(scratch);

        var stored = Table.Row((long)key);
        if (firstRow[key] < 0)
        {
            ThrowIfNotFinite(key, row);
            scratch.CopyTo(stored);
            firstRow[key] = row;
        }
        else if (!stored.SequenceEqual(scratch))
        {
            ThrowIfNotFinite(key, row);
            throw new ArgumentException(
                $"Column '{featuresColumn}' has different values for {idColumn} {describeKey(key)} at row {row} than at row {firstRow[key]}. Each id must carry one feature vector on every row; compute features per id and join them onto the interactions.",
                "data");
        }
        return (int)key;
    }

    private void ThrowIfNotFinite(ulong key, long row)
    {
        for (var i = 0; i < scratch.Length; i++)
        {
            if (!float.IsFinite(scratch[i]))
            {
                throw new ArgumentException(
                    $"Column '{featuresColumn}' holds {scratch[i]} at index {i} of row {row} ({idColumn} {describeKey(key)}); features must be finite. Replace missing values first (ReplaceMissingValues) and check for divisions by zero.",
                    "data");
            }
        }
    }
}
