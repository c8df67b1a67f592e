using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training.Optimization;

/// <summary>
/// Adam (no weight decay, no AMSGrad) with the arithmetic of TorchSharp's <c>optim.Adam</c>, op for op, but every
/// scalar passed to libtorch is an explicit <see cref="Scalar"/> held until the call returns. TorchSharp's Adam converts
/// doubles to Scalars implicitly inside <c>step</c>; such a temporary is unreachable while libtorch reads it, and the
/// garbage collector's finalizer can free it mid-call (seen in CI as "Expected false to be true … toDouble" thrown from
/// <c>mul_</c> inside <c>Adam.step</c>, the use-after-free <see cref="Modeling.ExplicitScalars"/> describes).
/// </summary>
internal sealed class ExplicitScalarAdam : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly (TorchSharp.Modules.Parameter Parameter, Tensor Average, Tensor SquaredAverage)[] _states;
    private readonly double _learningRate;
    private readonly Scalar _beta1 = Beta1.ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar();
    private readonly Scalar _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = Epsilon.ToScalar();
    private long _step;

    public ExplicitScalarAdam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate)
    {
        _learningRate = learningRate;
        _states = [.. parameters.Select(p => (p, zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope()))];
    }

    /// <summary>Clears every parameter's gradient, as <c>Optimizer.zero_grad</c> does.</summary>
    public void ZeroGrad()
    {
        foreach (var (parameter, _, _) in _states)
            if (parameter.grad is { } grad)
            {
                grad.detach_();
                grad.zero_();
            }
    }

    /// <summary>One Adam update of every parameter with a gradient.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        _step++;
        var biasCorrection1 = 1 - Math.Pow(Beta1, _step);
        var biasCorrection2 = 1 - Math.Pow(Beta2, _step);
        using var correction2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var stepSize = (-(_learningRate / biasCorrection1)).ToScalar();
        foreach (var (parameter, average, squaredAverage) in _states)
        {
            if (parameter.grad is not { } grad)
                continue;
            average.mul_(_beta1).add_(grad, alpha: _oneMinusBeta1);
            squaredAverage.mul_(_beta2).addcmul_(grad, grad.conj(), value: _oneMinusBeta2);
            var denominator = squaredAverage.sqrt().div(correction2).add_(_epsilon);
            parameter.addcdiv_(average, denominator, value: stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var (_, average, squaredAverage) in _states)
        {
            average.Dispose();
            squaredAverage.Dispose();
        }
        foreach (var scalar in new[] { _beta1, _beta2, _oneMinusBeta1, _oneMinusBeta2, _epsilon })
            scalar.Dispose();
    }
}
