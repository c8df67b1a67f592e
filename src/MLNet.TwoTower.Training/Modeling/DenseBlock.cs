using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Modeling;

/// <summary>
/// One tower layer: <c>Linear → BatchNorm? → LeakyReLU? → Dropout?</c>. Hidden layers use all four; the output layer
/// is a plain <c>Linear</c> unless the options ask for the activation too.
/// </summary>
internal sealed class DenseBlock : nn.Module<Tensor, Tensor>
{
    // Fields in forward order; null means the step is absent.
    private readonly Linear linear;
    private readonly BatchNorm1d? batchNorm;
    // The LeakyReLU's slope as a Scalar the block holds, not nn.LeakyReLU, which converts its double to a temporary
    // Scalar on every call (see ExplicitScalars).
    private readonly Scalar? activationSlope;
    private readonly SeededDropout? dropout;

    // random: generators for the initial weights and the dropout masks; null uses TorchSharp's global generator
    // (tests of the module alone).
    public DenseBlock(int inputSize, int outputSize, bool normalizeAndActivate, float leakyReluSlope, float dropoutRate,
        float batchNormEpsilon, NetworkRandomness? random = null)
        : base(nameof(DenseBlock))
    {
        InputSize = inputSize;
        OutputSize = outputSize;
        LeakyReluSlope = leakyReluSlope;
        linear = nn.Linear(inputSize, outputSize);
        if (random is not null)
            InitializeLinear(random.Initialization);
        if (normalizeAndActivate)
        {
            batchNorm = nn.BatchNorm1d(outputSize, eps: batchNormEpsilon, momentum: TwoTowerTrainerDefaults.BatchNormMomentum);
            activationSlope = leakyReluSlope.ToScalar();
        }
        if (dropoutRate > 0)
            dropout = new SeededDropout(dropoutRate, random?.Dropout);
        RegisterComponents();
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public float LeakyReluSlope { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return AfterLinear(linear.forward(input)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same layer over <c>[features ‖ ids]</c> with the features in coordinate form: a sparse × dense product reads
    /// only the weight columns of non-zero features (libtorch's COO matrix product, whose backward is again sparse ×
    /// dense), the id part and the bias are added densely. Mathematically the dense <see cref="forward(Tensor)"/>, with
    /// the gradients on the same weights, so export and inference do not know which one trained.
    /// </summary>
    /// <param name="features">The first <see cref="SparseRows.Width"/> inputs.</param>
    /// <param name="ids">[B, InputSize − Width] the remaining inputs (the id embedding), or null when there are none.</param>
    public Tensor forward(SparseRows features, Tensor? ids)
    {
        using var scope = NewDisposeScope();
        var weight = linear.weight!;
        // [Width, Out] view of the feature columns. Made contiguous it was no faster (the copy and its backward cost
        // what the strided reads did).
        var x = features.ToSparse().mm(weight.narrow(1, 0, features.Width).t());
        if (ids is not null)
            x = x.Plus(ids.matmul(weight.narrow(1, features.Width, ids.shape[1]).t()));
        return AfterLinear(x.Plus(linear.bias!)).MoveToOuterDisposeScope();
    }

    private Tensor AfterLinear(Tensor x)
    {
        // The functional form with the module's own tensors and settings, not BatchNorm1d.forward: that counts batches with
        // num_batches_tracked.add_(1), a temporary Scalar (see ExplicitScalars; "Unknown scalar type" in an ablation
        // run). The momentum is set, so the count is never read and the result is the module's.
        if (batchNorm is not null)
        {
            x = nn.functional.batch_norm(x, batchNorm.running_mean, batchNorm.running_var, batchNorm.weight, batchNorm.bias,
                training, batchNorm.momentum!.Value, batchNorm.eps);
        }
        if (activationSlope is not null)
            x = x.leaky_relu(activationSlope);
        if (dropout is not null)
            x = dropout.forward(x);
        return x;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            activationSlope?.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>
    /// Redraws the weights from <paramref name="generator"/> with torch.nn.Linear's own distribution
    /// (U(−1/√fan_in, 1/√fan_in) for weights and bias, i.e. kaiming_uniform with a = √5), so that the initial state
    /// depends on the seed only.
    /// </summary>
    private void InitializeLinear(Generator generator)
    {
        var bound = 1.0 / Math.Sqrt(InputSize);
        using var noGrad = no_grad();
        // Tensor.uniform_, not nn.init.uniform_: in TorchSharp 0.107.0 the latter ignores its generator argument and
        // draws from the global generator (DenseBlockTests.Ctor_SameSeedDifferentGlobalState_SameWeights guards this).
        linear.weight.uniform_(-bound, bound, generator);
        linear.bias!.uniform_(-bound, bound, generator);
    }

    /// <summary>Copies the learned values out of TorchSharp (batch normalisation in its inference form).</summary>
    public DenseLayerWeights ExportWeights() => new()
    {
        InputSize = InputSize,
        OutputSize = OutputSize,
        Weight = TensorArrays.ToFloatArray(linear.weight),
        Bias = TensorArrays.ToFloatArray(linear.bias!),
        Activation = activationSlope is not null,
        BatchNorm = batchNorm is null ? null : new BatchNormWeights
        {
            Scale = TensorArrays.ToFloatArray(batchNorm.weight!),
            Shift = TensorArrays.ToFloatArray(batchNorm.bias!),
            RunningMean = TensorArrays.ToFloatArray(batchNorm.running_mean!),
            RunningVariance = TensorArrays.ToFloatArray(batchNorm.running_var!),
            Epsilon = (float)batchNorm.eps,
        },
    };
}
