using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MLNet.TwoTower.TwoStage.Features;

/// <summary>
/// Evaluates the re-ranker's trees directly on a feature span, for the catalogue path: ML.NET's value mapper is
/// internal, and a data view per request costs more than the trees. It walks the public tree structure
/// (<see cref="RegressionTreeBase"/>) as ML.NET's own evaluator does: numerical splits, go left when the feature is at
/// or below the threshold, leaf values summed with the tree weights plus the bias. Thread-safe (read-only).
/// The test <c>TwoStageTransformerTests</c> checks it against the ML.NET transformer's <c>Score</c>.
/// </summary>
internal sealed class TreeEnsembleScorer
{
    private readonly Tree[] _trees;
    private readonly double _bias;

    private TreeEnsembleScorer(Tree[] trees, double bias)
    {
        _trees = trees;
        _bias = bias;
    }

    /// <summary>The scorer of an ML.NET ranking transformer trained by LightGBM or FastTree.</summary>
    /// <exception cref="ArgumentException">The transformer is not a tree ensemble, or its trees use categorical splits.</exception>
    public static TreeEnsembleScorer From(ITransformer reranker)
    {
        var ensemble = ((reranker as ISingleFeaturePredictionTransformer<object>)?.Model as TreeEnsembleModelParametersBasedOnRegressionTree)?.TrainedTreeEnsemble
            ?? throw new ArgumentException($"The re-ranker must be an ML.NET prediction transformer over a regression-tree ensemble (LightGBM or FastTree); got {reranker.GetType().Name}.", nameof(reranker));
        var trees = new Tree[ensemble.Trees.Count];
        for (int t = 0; t < trees.Length; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.ToArray().Any(flag => flag))
                throw new ArgumentException("The re-ranker's trees use categorical splits, which the two-stage scorer does not evaluate; train without categorical splits.", nameof(reranker));
            trees[t] = new Tree(tree.LeftChild.ToArray(), tree.RightChild.ToArray(), tree.NumericalSplitFeatureIndexes.ToArray(),
                tree.NumericalSplitThresholds.ToArray(), tree.LeafValues.ToArray(), ensemble.TreeWeights[t]);
        }
        return new TreeEnsembleScorer(trees, ensemble.Bias);
    }

    /// <summary>The ensemble of the first <paramref name="count"/> trees (what a chosen tree count keeps).</summary>
    public TreeEnsembleScorer Prefix(int count) => new(_trees[..count], _bias);

    /// <summary>The feature positions some tree splits on (the features the model reads).</summary>
    public IReadOnlySet<int> SplitFeatures => _trees.SelectMany(t => t.Feature).ToHashSet();

    /// <summary>Trees in the ensemble.</summary>
    public int TreeCount => _trees.Length;

    /// <summary>The bias added to the trees' sum.</summary>
    public double Bias => _bias;

    /// <summary>
    /// Each tree's weighted leaf value for <paramref name="features"/> (<see cref="TreeCount"/> values; their sum plus
    /// <see cref="Bias"/> is <see cref="Score"/>), so the score of every prefix of the ensemble can be read from one pass.
    /// </summary>
    public void TreeOutputs(ReadOnlySpan<float> features, Span<double> outputs)
    {
        for (int t = 0; t < _trees.Length; t++)
            outputs[t] = _trees[t].Weight * _trees[t].Leaves[~Leaf(_trees[t], features)];
    }

    public float Score(ReadOnlySpan<float> features)
    {
        double sum = _bias;
        foreach (var tree in _trees)
            sum += tree.Weight * tree.Leaves[~Leaf(tree, features)];
        return (float)sum;
    }

    private static int Leaf(Tree tree, ReadOnlySpan<float> features)
    {
        int node = tree.Left.Length == 0 ? ~0 : 0;
        while (node >= 0)
            node = features[tree.Feature[node]] <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node];
        return node;
    }

    private sealed record Tree(int[] Left, int[] Right, int[] Feature, float[] Threshold, double[] Leaves, double Weight);
}
