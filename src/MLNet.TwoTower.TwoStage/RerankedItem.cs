namespace MLNet.TwoTower;

/// <summary>One item a <see cref="TwoStageRecommender"/> recommends.</summary>
/// <param name="ItemKey">The item's ML.NET key value (1-based).</param>
/// <param name="Score">The re-ranker's score, what the list is ordered by (higher is better; a ranking score, not a rating).</param>
/// <param name="RetrievalScore">The towers' retrieval score that made the item a candidate.</param>
public readonly record struct RerankedItem(uint ItemKey, float Score, float RetrievalScore);
