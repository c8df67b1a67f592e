using Microsoft.ML;

namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// Pulls user and item embeddings (row-major, row = key − 1) out of a fitted model for full-catalog evaluation, or
/// returns null when the model has none. Their dot product must be the model's score.
/// </summary>
public delegate EmbeddingTables? EmbeddingExtractor(ITransformer model);
