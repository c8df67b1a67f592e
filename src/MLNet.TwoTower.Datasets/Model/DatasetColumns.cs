namespace MLNet.TwoTower.Datasets.Model;

/// <summary>Column names used in dataset files and in the IDataViews made from a <see cref="RecommendationDataset"/>.</summary>
public static class DatasetColumns
{
    /// <summary>User id in interactions.csv and users.csv.</summary>
    public const string UserIdField = "user_id";

    /// <summary>Item id in interactions.csv and items.csv.</summary>
    public const string ItemIdField = "item_id";

    /// <summary>Rating in interactions.csv.</summary>
    public const string RatingField = "rating";

    /// <summary>Optional Unix timestamp (seconds) in interactions.csv.</summary>
    public const string TimestampField = "timestamp";

    /// <summary>User id column (Text) of the IDataViews.</summary>
    public const string UserId = "UserId";

    /// <summary>Item id column (Text) of the IDataViews.</summary>
    public const string ItemId = "ItemId";

    /// <summary>Rating column (Single) of the interaction IDataView.</summary>
    public const string Rating = "Rating";

    /// <summary>Timestamp column (Int64) of the interaction IDataView, present when the dataset has timestamps.</summary>
    public const string Timestamp = "Timestamp";
}
