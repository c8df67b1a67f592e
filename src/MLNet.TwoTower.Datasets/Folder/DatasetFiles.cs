namespace MLNet.TwoTower.Datasets.Folder;

/// <summary>File names of the dataset folder format.</summary>
public static class DatasetFiles
{
    /// <summary>Required: <c>user_id,item_id,rating[,timestamp]</c> with a header line.</summary>
    public const string Interactions = "interactions.csv";

    /// <summary>Optional warm test set, same columns as <see cref="Interactions"/>, used instead of a random split.</summary>
    public const string TestInteractions = "interactions.test.csv";

    /// <summary>Optional: <c>user_id</c> plus feature columns.</summary>
    public const string Users = "users.csv";

    /// <summary>Optional: <c>item_id</c> plus feature columns.</summary>
    public const string Items = "items.csv";

    /// <summary>Optional: the kind of each feature column (see <see cref="Model.DatasetSchema"/>); inferred when absent.</summary>
    public const string Schema = "schema.json";
}
