namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// A scoring rule that is not trained and knows more than the data: a synthetic dataset's ground truth, added to a
/// comparison (<see cref="RecommenderComparison.AddFixed"/>) as the ceiling the models are read against. It is given the
/// protocol, because what is best to rank by depends on how the protocol split the data.
/// </summary>
public interface IFixedScorer
{
    /// <summary>Scores a ranking protocol's test rows (raw keys: 1-based, 0 = missing), higher = more relevant.</summary>
    double[] ScoreRows(Protocol protocol, IReadOnlyList<uint> userKeys, IReadOnlyList<uint> itemKeys);

    /// <summary>Scores every item for a user of a catalogue protocol's <paramref name="task"/>; null when it cannot.</summary>
    UserScorer? CreateCatalogScorer(Protocol protocol, FullCatalogTask task);
}
