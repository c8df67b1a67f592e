namespace MLNet.TwoTower.Tests.Training;

/// <summary>Progress&lt;T&gt; posts to the thread pool; tests need each report before training returns.</summary>
internal sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
