using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Modeling;

/// <summary>
/// Inverted dropout that draws its masks from a dedicated generator instead of TorchSharp's process-wide one, so a
/// training's randomness is its own: another thread drawing random numbers meanwhile cannot change the result.
/// Identical to <c>nn.Dropout</c> otherwise: in training each value is zeroed with probability p and the rest scaled
/// by 1 / (1 − p); in evaluation it is the identity.
/// </summary>
internal sealed class SeededDropout : nn.Module<Tensor, Tensor>
{
    private readonly double probability;
    private readonly Generator? generator;

    /// <param name="probability">Probability of zeroing a value, in [0, 1).</param>
    /// <param name="generator">Source of the masks (on the device the inputs live on); null uses the global one.</param>
    public SeededDropout(double probability, Generator? generator)
        : base(nameof(SeededDropout))
    {
        this.probability = probability;
        this.generator = generator;
    }

    public override Tensor forward(Tensor input)
    {
        if (!training || probability == 0)
            return input.alias();
        using var scope = NewDisposeScope();
        var keep = empty_like(input).bernoulli_(1 - probability, generator);
        using var keptShare = (1 - probability).ToScalar(); // explicit: see ExplicitScalars
        return input.mul(keep).div_(keptShare).MoveToOuterDisposeScope();
    }
}
