using Microsoft.ML.Transforms;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// ONNX graphs emit the score as a <c>[batch]</c> tensor (a rank-0 output crashes ML.NET 5.0.1's OnnxTransformer),
/// which ML.NET sees as a one-element vector. The ranking evaluator needs a scalar <c>Single</c>, so this stateless
/// mapping lifts element 0 out. Registered by contract name so <c>ml.Model.Load</c> restores it in any process.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ScoreFromVectorMapping : CustomMappingFactory<ScoreFromVectorMapping.Input, ScoreFromVectorMapping.Output>
{
    /// <summary>The contract name stored in saved models.</summary>
    public const string ContractName = "MLNet.TwoTower.ScoreFromVector";

    /// <summary>The intermediate column the ONNX graph writes.</summary>
    public const string VectorColumnName = "__TwoTowerScoreVector";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => Map;

    internal static void Map(Input input, Output output) => output.Score = input.ScoreVector[0];

    /// <summary>The one-element score vector.</summary>
    public sealed class Input
    {
        /// <summary>Score as the ONNX graph emits it.</summary>
        [Microsoft.ML.Data.ColumnName(VectorColumnName)]
        public float[] ScoreVector { get; set; } = [];
    }

    /// <summary>The scalar score.</summary>
    public sealed class Output
    {
        /// <summary>The ranking score (higher is better).</summary>
        public float Score { get; set; }
    }
}
