namespace MLNet.TwoTower.Training;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its callback on the reporting (training) thread, in order, before the
/// trainer goes on. <see cref="Progress{T}"/> posts to the synchronisation context or the thread pool instead, so its
/// reports can arrive out of order or after <c>Fit</c> has returned — wrong for loss curves and progress bars.
/// </summary>
/// <typeparam name="T">The report type, e.g. <see cref="TwoTowerEpochProgress"/>.</typeparam>
/// <param name="report">Called with each report.</param>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
