using Microsoft.ML.Runtime;

namespace MLNet.TwoTower.MLNetInput;

/// <summary>
/// What stops a training run between batches (or solver iterations): the caller's <see cref="CancellationToken"/> and
/// ML.NET's <c>ml.CancelExecution()</c> on the context the trainer was created from, the way ML.NET's own trainers call
/// <c>Host.CheckAlive()</c>. Either one ends training with <see cref="OperationCanceledException"/>.
/// </summary>
internal readonly struct TrainingCancellation
{
    private readonly CancellationToken _token;
    private readonly IHostEnvironment[] _environments;

    /// <param name="token">The caller's token (an option of the trainer); <c>default</c> for none.</param>
    /// <param name="environments">The environments whose <c>CancelExecution()</c> stops training: the trainer's
    /// catalog environment and its registered host.</param>
    public TrainingCancellation(CancellationToken token, params IHostEnvironment[] environments)
    {
        _token = token;
        _environments = environments;
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> when either source asked to stop.</summary>
    public void ThrowIfCancellationRequested()
    {
        _token.ThrowIfCancellationRequested();
        foreach (var environment in _environments ?? [])
        {
            if (HostEnvironmentSettings.IsCanceled(environment))
                throw new OperationCanceledException("Training was cancelled: MLContext.CancelExecution() was called.");
        }
    }
}
