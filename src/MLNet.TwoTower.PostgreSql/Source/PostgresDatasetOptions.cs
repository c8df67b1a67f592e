namespace MLNet.TwoTower.PostgreSql.Source;

/// <summary>
/// The tables <see cref="PostgresDataset.Load(string, PostgresDatasetOptions?)"/> reads: the dataset folder's files,
/// one table each. Names may carry a schema (<c>shop.interactions</c>); they are used as given (case kept, quoted).
/// </summary>
public sealed class PostgresDatasetOptions
{
    /// <summary>Required: <c>user_id</c>, <c>item_id</c>, <c>rating</c> and optionally <c>timestamp</c> (interactions.csv).</summary>
    public string InteractionsTable { get; set; } = PostgresDatasetDefaults.InteractionsTable;

    /// <summary>Optional warm test set with the interactions' columns (interactions.test.csv); read when it exists.</summary>
    public string TestInteractionsTable { get; set; } = PostgresDatasetDefaults.TestInteractionsTable;

    /// <summary>Optional: <c>user_id</c> plus feature columns (users.csv); read when it exists.</summary>
    public string UsersTable { get; set; } = PostgresDatasetDefaults.UsersTable;

    /// <summary>Optional: <c>item_id</c> plus feature columns (items.csv); read when it exists.</summary>
    public string ItemsTable { get; set; } = PostgresDatasetDefaults.ItemsTable;

    /// <summary>
    /// Optional: the kind of each feature column (schema.json), one row per column: <c>section</c> (<c>users</c> or
    /// <c>items</c>), <c>column_name</c> and <c>kind</c> (<c>numeric</c>, <c>categorical</c>, <c>multi-categorical</c>,
    /// <c>text</c>). Columns it does not declare are numeric when their SQL type is a number, else inferred from the
    /// values like the folder format does.
    /// </summary>
    public string SchemaTable { get; set; } = PostgresDatasetDefaults.SchemaTable;

    internal void Validate()
    {
        PostgresIdentifier.Quote(InteractionsTable, nameof(InteractionsTable));
        PostgresIdentifier.Quote(TestInteractionsTable, nameof(TestInteractionsTable));
        PostgresIdentifier.Quote(UsersTable, nameof(UsersTable));
        PostgresIdentifier.Quote(ItemsTable, nameof(ItemsTable));
        PostgresIdentifier.Quote(SchemaTable, nameof(SchemaTable));
    }
}

/// <summary>Default table names of <see cref="PostgresDatasetOptions"/>.</summary>
public static class PostgresDatasetDefaults
{
    /// <summary>interactions.csv's table.</summary>
    public const string InteractionsTable = "interactions";

    /// <summary>interactions.test.csv's table.</summary>
    public const string TestInteractionsTable = "interactions_test";

    /// <summary>users.csv's table.</summary>
    public const string UsersTable = "users";

    /// <summary>items.csv's table.</summary>
    public const string ItemsTable = "items";

    /// <summary>schema.json's table.</summary>
    public const string SchemaTable = "schema";
}
