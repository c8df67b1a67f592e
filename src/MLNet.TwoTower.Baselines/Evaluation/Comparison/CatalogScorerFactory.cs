using Microsoft.ML;

namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// Makes a fitted model's catalogue scorer for one protocol's task, for a model that needs more than embeddings to
/// rank the catalogue (a two-stage model re-ranks its retrieval stage's candidates, among the task's candidate items);
/// null when it cannot. Given to <see cref="RecommenderComparison.Add(string, IEstimator{ITransformer}, CatalogScorerFactory)"/>.
/// </summary>
public delegate UserScorer? CatalogScorerFactory(ITransformer model, FullCatalogTask task);
