namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// Scores one user against every item: fill <paramref name="scores"/> (one slot per item index, key − 1) with higher
/// = better. Called concurrently for different users, so it must be thread-safe. NaN scores are never recommended.
/// </summary>
public delegate void UserScorer(int user, Span<float> scores);
