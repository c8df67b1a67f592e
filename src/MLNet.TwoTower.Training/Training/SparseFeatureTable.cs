using MLNet.TwoTower.Modeling;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training;

/// <summary>
/// The non-zeros of a <see cref="FeatureTable"/> by row (compressed sparse rows), from which training batches are
/// gathered as <see cref="SparseRows"/>. Built only for tables sparse enough to gain (<see cref="MaxDensity"/>).
/// </summary>
internal sealed class SparseFeatureTable
{
    /// <summary>
    /// Above this share of non-zeros the dense matrix product is used. libtorch's COO product pays per non-zero what a
    /// blocked dense product pays per entry many times over: on one thread, a 3,000-wide layer with uniformly random
    /// columns trains 4.0× as fast sparse at 0.3 % non-zeros, 2.0× at 1 %, and breaks even at 3–5 % (eng/bench,
    /// <c>layer</c>). Text n-grams and one-hot categories fill 0.3–3 % of a row (ml-latest-small's films, the pseudo
    /// dataset, where their Zipf-skewed columns did better than uniform ones: 1.7× the dense epoch); sentence
    /// embeddings fill every column and stay dense.
    /// </summary>
    public const double MaxDensity = 0.05;

    private readonly int[] rowStarts;
    private readonly int[] columns;
    private readonly float[] values;

    private SparseFeatureTable(int width, int[] rowStarts, int[] columns, float[] values)
    {
        Width = width;
        this.rowStarts = rowStarts;
        this.columns = columns;
        this.values = values;
    }

    public int Width { get; }

    /// <summary>The table's non-zeros by row, or null when it has no columns or is denser than <paramref name="maxDensity"/>.</summary>
    public static SparseFeatureTable? FromDense(FeatureTable table, double maxDensity = MaxDensity)
    {
        if (table.Width == 0)
            return null;
        var nonZeros = 0L;
        foreach (var value in table.Values)
            if (value != 0f)
                nonZeros++;
        if (nonZeros > maxDensity * table.Values.Length)
            return null;

        var rows = table.KeyCount + 1;
        var rowStarts = new int[rows + 1];
        var columns = new int[nonZeros];
        var values = new float[nonZeros];
        var n = 0;
        for (var key = 0; key < rows; key++)
        {
            rowStarts[key] = n;
            var row = table.Row(key);
            for (var c = 0; c < row.Length; c++)
            {
                if (row[c] == 0f)
                    continue;
                columns[n] = c;
                values[n++] = row[c];
            }
        }
        rowStarts[rows] = n;
        return new SparseFeatureTable(table.Width, rowStarts, columns, values);
    }

    /// <summary>The rows of <paramref name="keys"/>, in order, as a batch on <paramref name="device"/>.</summary>
    public SparseRows Gather(ReadOnlySpan<int> keys, Device device)
    {
        var count = 0;
        foreach (var key in keys)
            count += rowStarts[key + 1] - rowStarts[key];
        // [2, nnz] row-major: the batch rows, then the columns.
        var indices = new long[2 * count];
        var batchValues = new float[count];
        var n = 0;
        for (var b = 0; b < keys.Length; b++)
        {
            for (var i = rowStarts[keys[b]]; i < rowStarts[keys[b] + 1]; i++, n++)
            {
                indices[n] = b;
                indices[count + n] = columns[i];
                batchValues[n] = values[i];
            }
        }
        return new SparseRows(tensor(indices, [2, count], device: device), tensor(batchValues, device: device), keys.Length, Width);
    }
}
