namespace MLNet.TwoTower.PostgreSql.Sink;

/// <summary>One recommended item: its id and its score (higher is better).</summary>
/// <param name="ItemId">The item's id.</param>
/// <param name="Score">The model's score.</param>
public readonly record struct RecommendedItem(string ItemId, float Score);

/// <summary>One user's recommendations, best first (row <c>i</c> is written with rank <c>i + 1</c>).</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Items">The items, best first.</param>
public sealed record UserRecommendations(string UserId, IReadOnlyList<RecommendedItem> Items);

/// <summary>What <see cref="PostgresRecommendationWriter.Write"/> wrote.</summary>
/// <param name="Users">Users written.</param>
/// <param name="Rows">Rows written (one per user and rank).</param>
/// <param name="Elapsed">Time from connecting to the committed swap, including computing the recommendations it consumed.</param>
public sealed record RecommendationWriteResult(long Users, long Rows, TimeSpan Elapsed);
