namespace MLNet.TwoTower.PostgreSql.Sink;

/// <summary>Where and how <see cref="PostgresRecommendationWriter"/> writes recommendations.</summary>
public sealed class PostgresRecommendationWriterOptions
{
    /// <summary>
    /// The table to replace, optionally schema-qualified (<c>serving.recs</c>); its columns are <c>user_id</c> (text),
    /// <c>rank</c> (integer, 1 = best), <c>item_id</c> (text), <c>score</c> (real) and <c>model_version</c> (text),
    /// primary key (<c>user_id</c>, <c>rank</c>). Default <see cref="PostgresRecommendationWriterDefaults.Table"/>.
    /// </summary>
    public string Table { get; set; } = PostgresRecommendationWriterDefaults.Table;

    /// <summary>Written on every row, so readers can tell which model produced what they read. Required.</summary>
    public string ModelVersion { get; set; } = "";

    internal void Validate()
    {
        PostgresIdentifier.Quote(Table, nameof(Table), PostgresRecommendationWriterDefaults.NewTableSuffix.Length + "_pkey".Length);
        if (string.IsNullOrWhiteSpace(ModelVersion))
            throw new ArgumentException("ModelVersion is required: it is written on every row so readers know which model produced them.", nameof(ModelVersion));
    }
}

/// <summary>Defaults of <see cref="PostgresRecommendationWriterOptions"/>.</summary>
public static class PostgresRecommendationWriterDefaults
{
    /// <summary>The table replaced by default.</summary>
    public const string Table = "recs";

    /// <summary>Suffix of the table being written before it replaces the previous one.</summary>
    public const string NewTableSuffix = "__new";
}
