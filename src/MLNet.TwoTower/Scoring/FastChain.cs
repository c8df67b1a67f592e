using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// A chain of built-ins (the form a Two-Tower model is saved in) transformed faster: each <see cref="OnnxTransformer"/>
/// that runs one of this library's graphs is replaced, for <see cref="Transform"/> only, by a <see cref="FastLeaf"/>
/// (batch 1, the same graph bytes, outputs cached per cursor by exact input bits), so the scores are bit-identical to
/// the chain's. Every other step, the schema, the row-to-row mapper and saving stay the chain's own. Disposing it
/// disposes every step (the ONNX Runtime sessions).
/// </summary>
internal sealed class FastChain : IDisposable
{
    private readonly IReadOnlyList<(ITransformer Leaf, FastLeaf? Fast)> _steps;

    /// <param name="chain">The chain of built-ins.</param>
    /// <param name="knownGraphs">Graph bytes already at hand, by transformer (found by saving otherwise).</param>
    public FastChain(TransformerChain<ITransformer> chain, IReadOnlyDictionary<ITransformer, byte[]>? knownGraphs = null)
    {
        Chain = chain;
        _steps = [.. Leaves(chain).Select(leaf => (leaf, leaf is OnnxTransformer onnx
            ? new FastLeaf(onnx, knownGraphs?.GetValueOrDefault(leaf))
            : null))];
    }

    public TransformerChain<ITransformer> Chain { get; }

    /// <summary>Whether any step may run through a <see cref="FastLeaf"/>: the chain runs an ONNX graph.</summary>
    public bool HasOnnxSteps => _steps.Any(step => step.Fast is not null);

    public IDataView Transform(IDataView input)
    {
        foreach (var (leaf, fast) in _steps)
            input = fast?.Transform(input) ?? leaf.Transform(input);
        return input;
    }

    public void Dispose()
    {
        foreach (var (leaf, fast) in _steps)
        {
            fast?.Dispose();
            (leaf as IDisposable)?.Dispose();
        }
    }

    private static IEnumerable<ITransformer> Leaves(ITransformer transformer) => transformer switch
    {
        IEnumerable<ITransformer> chain => chain.SelectMany(Leaves),
        _ => [transformer],
    };
}
