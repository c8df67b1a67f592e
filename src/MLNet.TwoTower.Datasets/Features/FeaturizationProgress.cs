namespace MLNet.TwoTower.Datasets.Features;

/// <summary>
/// How far featurising a table has come, reported through <see cref="EntityFeaturizerOptions.Progress"/>: once with 0
/// before the pipeline is fitted, then as entities are featurised (about every 1 % of the table, and at the end).
/// </summary>
/// <param name="Table">Which table: <c>users</c> or <c>items</c>.</param>
/// <param name="EntitiesDone">Entities featurised so far.</param>
/// <param name="EntityCount">Entities in the table.</param>
public readonly record struct FeaturizationProgress(string Table, int EntitiesDone, int EntityCount);
