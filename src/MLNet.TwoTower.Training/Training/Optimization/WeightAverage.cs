using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training.Optimization;

/// <summary>
/// An exponential moving average of a module's weights (Polyak averaging; TensorFlow's
/// <c>tf.train.ExponentialMovingAverage</c>, Keras' <c>use_ema</c>, PyTorch's <c>swa_utils.AveragedModel</c> with an
/// EMA function and <c>use_buffers=True</c>). Every floating-point parameter and buffer (batch normalisation's running
/// statistics included, so the averaged weights are evaluated with statistics that match them) gets a shadow copy that
/// <see cref="Update"/> moves towards the live value after each optimiser step; <see cref="SwapIn"/> puts the averages
/// into the module for validation and export and puts the live weights back afterwards, so training continues from
/// where the optimiser left it. The decay warms up as TensorFlow's does with <c>num_updates</c>:
/// <c>min(decay, (1 + t) / (10 + t))</c> after t updates, so the average spans about the last tenth of the steps so far
/// until that reaches the span of <c>decay</c>. Early in training the weights change fast and a long average would
/// hold weights the model has already left behind; the warm-up keeps it short then. (A bias-corrected average of a
/// fixed epoch's span from the first step, as Adam corrects its moments, was measured too and was worse: on implicit
/// ml-latest-small nDCG@10 fell from 0.363 to 0.336, 3 seeds.)
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly (Tensor Live, Tensor Shadow, Tensor Backup)[] _states;
    private readonly double _decay;
    private long _updates;

    /// <param name="module">The trained module; its tensors are read and written in place.</param>
    /// <param name="decay">The per-step decay in [0, 1): the average spans about 1 / (1 − decay) steps (0: the live weights).</param>
    public WeightAverage(nn.Module module, double decay)
    {
        if (!(decay >= 0 && decay < 1))
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay of a moving average must be in [0, 1).");
        _decay = decay;
        using var noGrad = no_grad();
        _states = [.. module.parameters().Cast<Tensor>().Concat(module.buffers())
            .Where(t => t.is_floating_point())
            .Select(t => (t, t.detach().clone().DetachFromDisposeScope(), empty_like(t).DetachFromDisposeScope()))];
    }

    /// <summary>The decay that averages over about <paramref name="epochs"/> epochs of <paramref name="stepsPerEpoch"/> steps.</summary>
    public static double DecayFor(float epochs, int stepsPerEpoch) => 1 - 1 / Math.Max(1.0, epochs * stepsPerEpoch);

    /// <summary>Moves every average towards its live tensor; call after each optimiser step.</summary>
    public void Update()
    {
        using var noGrad = no_grad();
        _updates++;
        var decay = Math.Min(_decay, (1.0 + _updates) / (10.0 + _updates));
        // Explicit Scalars: see ExplicitScalars.
        using var keep = decay.ToScalar();
        using var take = (1 - decay).ToScalar();
        foreach (var (live, shadow, _) in _states)
            shadow.mul_(keep).add_(live, alpha: take);
    }

    /// <summary>Puts the averages into the module until the returned scope is disposed, which restores the live weights.</summary>
    public IDisposable SwapIn()
    {
        using (no_grad())
        {
            foreach (var (live, shadow, backup) in _states)
            {
                backup.copy_(live);
                live.copy_(shadow);
            }
        }
        return new Restore(this);
    }

    public void Dispose()
    {
        foreach (var (_, shadow, backup) in _states)
        {
            shadow.Dispose();
            backup.Dispose();
        }
    }

    private sealed class Restore(WeightAverage average) : IDisposable
    {
        private bool _restored;

        public void Dispose()
        {
            if (_restored)
                return;
            _restored = true;
            using var noGrad = no_grad();
            foreach (var (live, _, backup) in average._states)
                live.copy_(backup);
        }
    }
}
