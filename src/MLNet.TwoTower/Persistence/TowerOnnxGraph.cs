using MLNet.TwoTower.Modeling;
using Onnx;
using static MLNet.TwoTower.Persistence.OnnxGraphBuilder;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// Turns one tower's <see cref="TowerWeights"/> into an ONNX graph that computes its embedding:
/// <code>
/// features [batch, F] ─┐
/// key [batch] (int64) ─ Where(0 ≤ key &lt; rows, key, 0) ─ Gather(table) ─┴ Concat
///   → (Gemm(transB=1) → BatchNormalization? → LeakyRelu?)*  → x / max(‖x‖₂, 1e-12)  → output [batch, D]
/// </code>
/// Batch normalisation is kept as its own node rather than folded into the Gemm: the graph then mirrors the
/// TorchSharp module layer by layer (an exported file can be checked against the training code tensor by tensor),
/// and folding would only save one element-wise pass on a vector of a few hundred floats (measured: the graph matches
/// a plain float forward pass to about 1e-6). The L2 normalisation is spelled out as <c>ReduceL2 → Max(ε) → Div</c>
/// instead of <c>LpNormalization</c>, because that is exactly <c>torch.nn.functional.normalize</c> (what training
/// uses), and the zero vector's result is then defined by the graph itself: the ONNX spec leaves 0/0 open
/// (ONNX Runtime 1.31 happens to return 0; a naive runtime gives NaN).
/// </summary>
internal static class TowerOnnxGraph
{
    /// <summary>The ε of <c>torch.nn.functional.normalize</c>: norms below it are clamped to it.</summary>
    public const float NormEpsilon = 1e-12f;

    /// <summary>Builds the graph.</summary>
    /// <param name="tower">The weights.</param>
    /// <param name="featuresInput">Name of the float <c>[batch, FeatureSize]</c> input; unused when the tower has no features.</param>
    /// <param name="idInput">Name of the int64 <c>[batch]</c> key input; unused when the tower has no id embedding.</param>
    /// <param name="output">Name of the float <c>[batch, OutputSize]</c> embedding output (the retrieval embedding).</param>
    /// <param name="keyFromMLNet">
    /// False for exported files: the key input is int64 <c>[batch]</c>, which every ONNX Runtime binding has.
    /// True inside ML.NET, which feeds a scalar column as <c>[1, 1]</c> and whose <c>ConvertType</c> turns a key into
    /// an unsigned integer but not a signed one: the input is then uint64 <c>[batch, 1]</c>, cast and flattened first.
    /// </param>
    /// <param name="rankingOutput">Name of the user tower's ranking vector output; required when the tower has a
    /// <see cref="TowerWeights.RankingAugmentation"/>, ignored otherwise.</param>
    public static byte[] Build(TowerWeights tower, string? featuresInput, string? idInput, string output,
        bool keyFromMLNet = false, string? rankingOutput = null)
    {
        var graph = new OnnxGraphBuilder(output);
        var parts = new List<string>();
        if (tower.FeatureSize > 0)
            parts.Add(graph.AddInput(featuresInput ?? throw new ArgumentNullException(nameof(featuresInput)),
                TensorProto.Types.DataType.Float, tower.FeatureSize));
        string? idRow = null;
        if (tower.IdEmbedding is { } ids)
        {
            idRow = AddIdRow(graph, ids, idInput ?? throw new ArgumentNullException(nameof(idInput)), keyFromMLNet);
            var table = graph.AddInitializer("id_table", ids.Table, ids.Rows, ids.Dimension);
            parts.Add(graph.AddNode("Gather", [table, idRow], null, Attribute("axis", 0L)));
        }
        if (parts.Count == 0)
            throw new ArgumentException("A tower needs features, an id embedding or both; this one has neither.", nameof(tower));

        var x = parts.Count == 1 ? parts[0] : graph.AddNode("Concat", [.. parts], null, Attribute("axis", 1L));
        var lastInput = x;
        for (var i = 0; i < tower.Layers.Count; i++)
        {
            lastInput = x;
            x = AddLayer(graph, tower.Layers[i], tower.LeakyReluSlope, x, $"layer{i}");
        }
        if (tower.L2Normalize)
        {
            var norm = graph.AddNode("ReduceL2", [x], null, Attribute("axes", new long[] { 1 }), Attribute("keepdims", 1L));
            var epsilon = graph.AddInitializer("norm_epsilon", [NormEpsilon]);
            var clamped = graph.AddNode("Max", [norm, epsilon]);
            x = graph.AddNode("Div", [x, clamped]);
        }
        var head = tower.Head is { } headLayer ? AddLayer(graph, headLayer, tower.LeakyReluSlope, lastInput, "head") : null;
        var prior = tower.KeyPrior is { } priors
            ? graph.AddNode("Gather", [graph.AddInitializer("key_prior", priors, priors.Length, 1),
                idRow ?? throw new ArgumentException("A key prior is read through the id table's key; this tower has no id table.", nameof(tower))],
                null, Attribute("axis", 0L))
            : null;
        AddOutput(graph, tower, x, head, prior, tower.RetrievalAugmentation, output, "retrieval");
        if (tower.RankingAugmentation is { } ranking)
            AddOutput(graph, tower, x, head, prior, ranking,
                rankingOutput ?? throw new ArgumentNullException(nameof(rankingOutput), "The tower has a ranking vector; name its output."),
                "ranking");
        return graph.ToBytes($"MLNet.TwoTower tower: {tower.InputSize} inputs → {tower.OutputSize}-d embedding.");
    }

    /// <summary>
    /// <c>[scale · z ‖ head · W + prior · V + b]</c> as a named output (<see cref="EmbeddingAugmentation"/>); the
    /// plain <c>z</c> when <paramref name="augmentation"/> is null. Without a head the extra coordinates start as
    /// constants, spelled as a Gemm of <c>z</c> with a zero matrix so that they get the batch dimension without shape
    /// arithmetic.
    /// </summary>
    private static void AddOutput(OnnxGraphBuilder graph, TowerWeights tower, string z, string? head, string? prior,
        EmbeddingAugmentation? augmentation, string output, string name)
    {
        var result = z;
        if (augmentation is not null)
        {
            var scaled = augmentation.EmbeddingScale == 1f
                ? z
                : graph.AddNode("Mul", [z, graph.AddInitializer($"{name}_scale", [augmentation.EmbeddingScale])]);
            var extraBias = graph.AddInitializer($"{name}_extra_bias", augmentation.ExtraBias, augmentation.ExtraSize);
            string extras;
            if (head is not null && augmentation.ExtraWeight.Length > 0)
            {
                var weight = graph.AddInitializer($"{name}_extra_weight", augmentation.ExtraWeight,
                    tower.Head!.OutputSize, augmentation.ExtraSize);
                extras = graph.AddNode("Gemm", [head, weight, extraBias]);
            }
            else
            {
                var zeros = graph.AddInitializer($"{name}_extra_zero", new float[tower.LatentSize * augmentation.ExtraSize],
                    tower.LatentSize, augmentation.ExtraSize);
                extras = graph.AddNode("Gemm", [z, zeros, extraBias]);
            }
            if (prior is not null && augmentation.PriorWeight.Length > 0)
            {
                var priorWeight = graph.AddInitializer($"{name}_prior_weight", augmentation.PriorWeight, 1, augmentation.ExtraSize);
                extras = graph.AddNode("Add", [extras, graph.AddNode("MatMul", [prior, priorWeight])]);
            }
            result = graph.AddNode("Concat", [scaled, extras], null, Attribute("axis", 1L));
        }
        graph.AddNode("Identity", [result], output);
        graph.AddOutput(output, TensorProto.Types.DataType.Float, tower.LatentSize + (augmentation?.ExtraSize ?? 0));
    }

    /// <summary>
    /// The id table's row of each key. ML.NET keys are 1-based with 0 for missing; a key outside the table (unseen at
    /// training time, or negative from a caller of the exported file) also reads row 0, the neutral row.
    /// </summary>
    private static string AddIdRow(OnnxGraphBuilder graph, IdEmbeddingWeights ids, string idInput,
        bool keyFromMLNet)
    {
        string key;
        if (keyFromMLNet)
        {
            var raw = graph.AddInput(idInput, TensorProto.Types.DataType.Uint64, 1);
            var signed = graph.AddNode("Cast", [raw], null, Attribute("to", (long)TensorProto.Types.DataType.Int64));
            key = graph.AddNode("Reshape", [signed, graph.AddInitializer("flat", [-1L], 1)]);
        }
        else
        {
            key = graph.AddInput(idInput, TensorProto.Types.DataType.Int64);
        }
        var rows = graph.AddInitializer("id_rows", [(long)ids.Rows]);
        var zero = graph.AddInitializer("id_missing_row", [0L]);
        var belowEnd = graph.AddNode("Less", [key, rows]);
        var notNegative = graph.AddNode("GreaterOrEqual", [key, zero]);
        var known = graph.AddNode("And", [belowEnd, notNegative]);
        return graph.AddNode("Where", [known, key, zero]);
    }

    private static string AddLayer(OnnxGraphBuilder graph, DenseLayerWeights layer, float slope, string x, string name)
    {
        var weight = graph.AddInitializer($"{name}_weight", layer.Weight, layer.OutputSize, layer.InputSize);
        var bias = graph.AddInitializer($"{name}_bias", layer.Bias, layer.OutputSize);
        x = graph.AddNode("Gemm", [x, weight, bias], null, Attribute("transB", 1L));
        if (layer.BatchNorm is { } norm)
        {
            var scale = graph.AddInitializer($"{name}_bn_scale", norm.Scale, layer.OutputSize);
            var shift = graph.AddInitializer($"{name}_bn_shift", norm.Shift, layer.OutputSize);
            var mean = graph.AddInitializer($"{name}_bn_mean", norm.RunningMean, layer.OutputSize);
            var variance = graph.AddInitializer($"{name}_bn_var", norm.RunningVariance, layer.OutputSize);
            x = graph.AddNode("BatchNormalization", [x, scale, shift, mean, variance], null,
                Attribute("epsilon", norm.Epsilon));
        }
        if (layer.Activation)
            x = graph.AddNode("LeakyRelu", [x], null, Attribute("alpha", slope));
        return x;
    }
}
