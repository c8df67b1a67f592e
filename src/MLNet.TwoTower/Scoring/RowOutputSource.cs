namespace MLNet.TwoTower.Scoring;

/// <summary>
/// Where a <see cref="RowGraphCursor"/> gets the graph's outputs for its current row: computed from that row with a
/// cache (<see cref="CachedRowOutputs"/>), or taken from a batch computed ahead (<see cref="BatchedRowOutputs"/>).
/// </summary>
internal abstract class RowOutputSource : IDisposable
{
    /// <summary>
    /// The outputs (one array per added column, in schema order) of the row at <paramref name="position"/>, the
    /// cursor's current one; positions only grow between calls. The arrays may change at the next call.
    /// </summary>
    public abstract float[][] Outputs(long position);

    public abstract void Dispose();
}
