namespace MLNet.TwoTower.Serving.Package;

/// <summary>One recommended item.</summary>
/// <param name="ItemId">The item's id, as in <c>items.csv</c> / <c>interactions.csv</c>.</param>
/// <param name="Score">The dot product of the query and item embeddings: the model's <c>RetrievalScore</c>.</param>
public readonly record struct Recommendation(string ItemId, float Score);
