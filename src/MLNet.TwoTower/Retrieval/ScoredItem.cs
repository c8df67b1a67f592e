namespace MLNet.TwoTower.Retrieval;

/// <summary>One retrieved item: its ML.NET key, its original id where the key column carries one, and its score.</summary>
/// <param name="ItemKey">The item's ML.NET key value (1-based), as in the catalogue's item key column.</param>
/// <param name="ItemId">
/// The original item id the key stands for (the key column's <c>KeyValues</c> annotation, as text);
/// <see langword="null"/> when the key column carries no such annotation.
/// </param>
/// <param name="Score">
/// Dot product of the query and item embeddings — a Two-Tower model's <c>RetrievalScore</c> (the cosine plus the
/// weighted log-popularity prior, with the default options); higher is better.
/// A 32-bit HNSW graph computes it as <c>1 − inner-product distance</c>, so it can differ from the exact value in the
/// last float bits; a half-precision graph (<see cref="ItemVectorPrecision.Float16"/>) rescores its candidates, so
/// its scores are exact search's to the bit.
/// </param>
public readonly record struct ScoredItem(uint ItemKey, string? ItemId, float Score);
