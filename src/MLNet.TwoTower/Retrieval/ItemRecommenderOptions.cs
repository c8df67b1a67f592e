using MLNet.TwoTower.Schema;


namespace MLNet.TwoTower.Retrieval;

/// <summary>Column names an <see cref="ItemRecommender"/> reads.</summary>
public sealed class ItemRecommenderOptions
{
    /// <summary>The user key column (an ML.NET key type) after the model has run. Default <c>"UserId"</c> (<see cref="DefaultColumnNames.UserId"/>).</summary>
    public string UserIdColumnName { get; set; } = DefaultColumnNames.UserId;

    /// <summary>The user embedding column the model outputs. Default <c>"UserEmbedding"</c>.</summary>
    public string UserEmbeddingColumnName { get; set; } = DefaultColumnNames.UserEmbedding;

    /// <summary>
    /// The item key column of the seen-interactions data (after the model's key mapping). Default <c>"ItemId"</c> (<see cref="DefaultColumnNames.ItemId"/>).
    /// </summary>
    public string ItemIdColumnName { get; set; } = DefaultColumnNames.ItemId;

    internal void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(UserIdColumnName)) problems.Add($"{nameof(UserIdColumnName)} must name a column.");
        if (string.IsNullOrWhiteSpace(UserEmbeddingColumnName)) problems.Add($"{nameof(UserEmbeddingColumnName)} must name a column.");
        if (string.IsNullOrWhiteSpace(ItemIdColumnName)) problems.Add($"{nameof(ItemIdColumnName)} must name a column.");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid recommender options: " + string.Join(" ", problems), "options");
    }
}
