namespace MLNet.TwoTower.Retrieval;

/// <summary>Column names an <see cref="ItemRecommender"/> reads.</summary>
public sealed class ItemRecommenderOptions
{
    /// <summary>The user key column (an ML.NET key type) after the model has run. Default <c>"UserKey"</c>.</summary>
    public string UserKeyColumnName { get; set; } = RetrievalDefaults.UserKeyColumnName;

    /// <summary>The user embedding column the model outputs. Default <c>"UserEmbedding"</c>.</summary>
    public string UserEmbeddingColumnName { get; set; } = RetrievalDefaults.UserEmbeddingColumnName;

    /// <summary>
    /// The item key column of the seen-interactions data (after the model's key mapping). Default <c>"ItemKey"</c>.
    /// </summary>
    public string ItemKeyColumnName { get; set; } = RetrievalDefaults.ItemKeyColumnName;

    internal void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(UserKeyColumnName)) problems.Add($"{nameof(UserKeyColumnName)} must name a column.");
        if (string.IsNullOrWhiteSpace(UserEmbeddingColumnName)) problems.Add($"{nameof(UserEmbeddingColumnName)} must name a column.");
        if (string.IsNullOrWhiteSpace(ItemKeyColumnName)) problems.Add($"{nameof(ItemKeyColumnName)} must name a column.");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid recommender options: " + string.Join(" ", problems), "options");
    }
}
