using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Modeling;

/// <summary>
/// One side of the model: an MLP from a feature vector to an embedding, L2-normalised when asked so that dot products
/// between the two towers' outputs are cosines.
/// </summary>
internal sealed class Tower : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<DenseBlock> blocks;
    private readonly TowerArchitecture architecture;

    public Tower(string name, TowerArchitecture architecture, NetworkRandomness? random = null)
        : base(name)
    {
        this.architecture = architecture;
        blocks = new ModuleList<DenseBlock>();
        var inputSize = architecture.FeatureSize;
        for (var i = 0; i < architecture.LayerSizes.Count; i++)
        {
            var isOutput = i == architecture.LayerSizes.Count - 1;
            var normalizeAndActivate = !isOutput || architecture.ActivateOutputLayer;
            // Dropout on the output would randomly zero embedding coordinates right before the dot product; the
            // reference applies it to hidden layers only.
            var dropout = isOutput ? 0f : architecture.DropoutRate;
            blocks.Add(new DenseBlock(inputSize, architecture.LayerSizes[i], normalizeAndActivate,
                architecture.LeakyReluSlope, dropout, architecture.BatchNormEpsilon, random));
            inputSize = architecture.LayerSizes[i];
        }
        RegisterComponents();
    }

    public TowerArchitecture Architecture => architecture;

    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        var x = features;
        foreach (var block in blocks)
            x = block.forward(x);
        if (architecture.NormalizeOutput)
            x = nn.functional.normalize(x, p: 2, dim: 1);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The tower's weights as the persistence layer reads them.</summary>
    public TowerWeights ExportWeights() => new()
    {
        FeatureSize = architecture.FeatureSize,
        Layers = blocks.Select(block => block.ExportWeights()).ToArray(),
        LeakyReluSlope = architecture.LeakyReluSlope,
        L2Normalize = architecture.NormalizeOutput,
    };
}
