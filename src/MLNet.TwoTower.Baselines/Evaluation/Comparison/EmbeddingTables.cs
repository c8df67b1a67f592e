namespace MLNet.TwoTower.Evaluation;

/// <summary>Row-major user and item embeddings of one width; row r belongs to key r + 1.</summary>
/// <param name="Users">User rows, <c>UserCount × Dimension</c> values.</param>
/// <param name="Items">Item rows, <c>ItemCount × Dimension</c> values.</param>
/// <param name="Dimension">Embedding width.</param>
public sealed record EmbeddingTables(float[] Users, float[] Items, int Dimension);
