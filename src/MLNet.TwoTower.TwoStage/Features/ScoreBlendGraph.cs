using Microsoft.ML;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.TwoStage.Training;
using Onnx;

namespace MLNet.TwoTower.TwoStage.Features;

/// <summary>
/// The saved chain's form of a <see cref="ScoreBlend"/>: a two-input ONNX graph (<c>Score · w_trees + tower · w_tower</c>,
/// the multiplications and the addition in float, as <see cref="ScoreBlend.Apply"/> does them) whose one-element
/// output becomes the scalar <c>Score</c> again through <see cref="ScoreFromVectorMapping"/>, hiding the trees' own.
/// </summary>
internal static class ScoreBlendGraph
{
    public static IEstimator<ITransformer> Estimator(MLContext ml, ScoreBlend blend, string towerColumnName)
    {
        var graph = new OnnxGraphBuilder("two_stage_score_blend");
        var trees = graph.AddInput(DefaultColumnNames.Score, TensorProto.Types.DataType.Float, 1);
        var tower = graph.AddInput(towerColumnName, TensorProto.Types.DataType.Float, 1);
        var treeWeight = graph.AddInitializer("tree_weight", [blend.TreeWeight], 1);
        var towerWeight = graph.AddInitializer("tower_weight", [blend.TowerWeight], 1);
        graph.AddNode("Add", [graph.AddNode("Mul", [trees, treeWeight]), graph.AddNode("Mul", [tower, towerWeight])],
            ScoreFromVectorMapping.VectorColumnName);
        graph.AddOutput(ScoreFromVectorMapping.VectorColumnName, TensorProto.Types.DataType.Float, 1);
        var bytes = graph.ToBytes($"MLNet.TwoTower two-stage score: the re-ranker's trees blended with {towerColumnName}.");
        return OnnxModels.Apply(ml, [ScoreFromVectorMapping.VectorColumnName], [DefaultColumnNames.Score, towerColumnName], bytes)
            .Append(ml.Transforms.CustomMapping(new ScoreFromVectorMapping().GetMapping(), ScoreFromVectorMapping.ContractName))
            .Append(ml.Transforms.DropColumns(ScoreFromVectorMapping.VectorColumnName));
    }
}
