using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// Lifts the score graph's two one-element vectors (<see cref="ScoreOnnxGraph"/>) to the scalar <c>Score</c> and
/// <c>RetrievalScore</c> columns, as <see cref="ScoreFromVectorMapping"/> does for one score. Stateless and registered
/// by contract name, so <c>ml.Model.Load</c> restores it in any process.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class TwoTowerScoresMapping : CustomMappingFactory<TwoTowerScoresMapping.Input, TwoTowerScoresMapping.Output>
{
    /// <summary>The contract name stored in saved models.</summary>
    public const string ContractName = "MLNet.TwoTower.Scores";

    /// <summary>The intermediate column the score graph writes the ranking score to.</summary>
    public const string ScoreVectorColumnName = ScoreFromVectorMapping.VectorColumnName;

    /// <summary>The intermediate column the score graph writes the retrieval score to.</summary>
    public const string RetrievalScoreVectorColumnName = "__TwoTowerRetrievalScoreVector";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => Map;

    internal static void Map(Input input, Output output)
    {
        output.Score = input.ScoreVector[0];
        output.RetrievalScore = input.RetrievalScoreVector[0];
    }

    /// <summary>The one-element score vectors.</summary>
    public sealed class Input
    {
        /// <summary>Ranking score as the graph emits it.</summary>
        [ColumnName(ScoreVectorColumnName)]
        public float[] ScoreVector { get; set; } = [];

        /// <summary>Retrieval score as the graph emits it.</summary>
        [ColumnName(RetrievalScoreVectorColumnName)]
        public float[] RetrievalScoreVector { get; set; } = [];
    }

    /// <summary>The scalar scores.</summary>
    public sealed class Output
    {
        /// <summary>The ranking score (higher is better).</summary>
        [ColumnName(DefaultColumnNames.Score)]
        public float Score { get; set; }

        /// <summary>The retrieval score (what the item index ranks by).</summary>
        [ColumnName(DefaultColumnNames.RetrievalScore)]
        public float RetrievalScore { get; set; }
    }
}
