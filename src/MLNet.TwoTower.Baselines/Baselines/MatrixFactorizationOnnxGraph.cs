using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// The ONNX form of a factor model: inputs are the raw UInt32 user and item keys ([batch, 1], as ML.NET feeds a scalar key column); the tables have the fallback
/// in row 0 (and in every unseen key's row); outputs are the score ([batch]) and, optionally, the two factor
/// vectors ([batch, k]). The same file serves in any ONNX runtime.
/// </summary>
internal static class MatrixFactorizationOnnxGraph
{
    public static byte[] Build(MatrixFactorizationModelParameters model, string? userFactorsOutput, string? itemFactorsOutput)
    {
        int k = model.ApproximationRank;
        var graph = new OnnxGraphBuilder("MatrixFactorization");
        var userInput = LookupScoringChain.KeyInput(graph, "User");
        var itemInput = LookupScoringChain.KeyInput(graph, "Item");
        var userRow = LookupScoringChain.SafeIndex(graph, userInput, model.NumberOfUsers + 1, "user");
        var itemRow = LookupScoringChain.SafeIndex(graph, itemInput, model.NumberOfItems + 1, "item");

        var userTable = graph.AddInitializer("user_factors", model.UserLookupTable, model.NumberOfUsers + 1, k);
        var itemTable = graph.AddInitializer("item_factors", model.ItemLookupTable, model.NumberOfItems + 1, k);
        var p = LookupScoringChain.Gather(graph, userTable, userRow);
        var q = LookupScoringChain.Gather(graph, itemTable, itemRow);
        var product = graph.AddNode("Mul", [p, q]);
        var axes = graph.AddInitializer("axis_1", new long[] { 1L }, 1);
        var score = graph.AddNode("ReduceSum", [product, axes], model.HasBiases ? null : Persistence.ScoreFromVectorMapping.VectorColumnName,
            OnnxGraphBuilder.Attribute("keepdims", 0L));
        if (model.HasBiases)
        {
            var userBias = graph.AddInitializer("user_bias", model.UserBiasLookupTable, model.NumberOfUsers + 1);
            var itemBias = graph.AddInitializer("item_bias", model.ItemBiasLookupTable, model.NumberOfItems + 1);
            var global = graph.AddInitializer("global_bias", new[] { model.GlobalBias }, 1);
            var withUser = graph.AddNode("Add", [score, LookupScoringChain.Gather(graph, userBias, userRow)]);
            var withItem = graph.AddNode("Add", [withUser, LookupScoringChain.Gather(graph, itemBias, itemRow)]);
            graph.AddNode("Add", [withItem, global], Persistence.ScoreFromVectorMapping.VectorColumnName);
        }
        graph.AddOutput(Persistence.ScoreFromVectorMapping.VectorColumnName, LookupScoringChain.Float);

        if (!string.IsNullOrEmpty(userFactorsOutput))
        {
            graph.AddNode("Identity", [p], userFactorsOutput);
            graph.AddOutput(userFactorsOutput, LookupScoringChain.Float, k);
        }
        if (!string.IsNullOrEmpty(itemFactorsOutput))
        {
            graph.AddNode("Identity", [q], itemFactorsOutput);
            graph.AddOutput(itemFactorsOutput, LookupScoringChain.Float, k);
        }
        return graph.ToBytes("MLNet.TwoTower matrix factorization: score = global + b_u + b_i + p_u·q_i");
    }
}
