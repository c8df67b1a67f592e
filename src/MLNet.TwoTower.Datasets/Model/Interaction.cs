namespace MLNet.TwoTower.Datasets.Model;

/// <summary>One rating of an item by a user.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="ItemId">The item's id.</param>
/// <param name="Rating">The rating (any finite number; MovieLens uses 0.5–5, the generator 1–5).</param>
/// <param name="Timestamp">Seconds since the Unix epoch, or null when the dataset has no timestamps.</param>
public readonly record struct Interaction(string UserId, string ItemId, float Rating, long? Timestamp);
