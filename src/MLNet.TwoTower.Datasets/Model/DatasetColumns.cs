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

    /// <summary>
    /// User id column (Text, the id as written in the files) of the IDataViews made from a dataset. Not the key-typed
    /// <c>UserId</c> column that <c>PreparedData</c> produces and the trainers read (<c>DefaultColumnNames.UserId</c>):
    /// that one holds the key each text id is mapped to.
    /// </summary>
    public const string UserIdText = "UserIdText";

    /// <summary>
    /// Item id column (Text, the id as written in the files) of the IDataViews made from a dataset. Not the key-typed
    /// <c>ItemId</c> column that <c>PreparedData</c> produces (<c>DefaultColumnNames.ItemId</c>).
    /// </summary>
    public const string ItemIdText = "ItemIdText";

    /// <summary>Rating column (Single) of the interaction IDataView.</summary>
    public const string Rating = "Rating";

    /// <summary>Timestamp column (Int64) of the interaction IDataView, present when the dataset has timestamps.</summary>
    public const string Timestamp = "Timestamp";
}
