using System.Globalization;
using Microsoft.ML;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Retrieval;
using Npgsql;
using NpgsqlTypes;
using Pgvector;

namespace MLNet.TwoTower.PostgreSql.Vector;

/// <summary>
/// An <see cref="IItemIndex"/> whose items live in PostgreSQL: a table of item keys, ids and <c>vector</c> embeddings
/// with a pgvector HNSW index (<see cref="PgVectorMetric.InnerProduct"/>: <c>vector_ip_ops</c>, or
/// <see cref="PgVectorMetric.Cosine"/>), queried with <c>ORDER BY embedding &lt;#&gt; query LIMIT k</c> under
/// <c>hnsw.ef_search</c> = <see cref="PgVectorIndexOptions.ExpansionSearch"/>. A user's top-K can then come from the
/// database the application already runs. Scores are the inner product (or cosine) pgvector computes. Items an
/// <c>accept</c> predicate rejects are skipped by fetching further (pgvector's iterative scan keeps the order strict),
/// so k items come back whenever k qualify. Two-Tower scores have no item bias, so the embedding is the whole item.
/// Build with <see cref="Create(string, PgVectorIndexOptions, IReadOnlyList{uint}, IReadOnlyList{string}, float[])"/>
/// or <see cref="Build"/>, reopen with <see cref="Open"/>. Safe for concurrent queries (one pooled connection each).
/// </summary>
public sealed class PgVectorItemIndex : IItemIndex
{
    /// <summary>First over-fetch when a predicate rejects items: this many times k, then four times more each round.</summary>
    private const int FirstOverFetch = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _select;
    private readonly PgVectorMetric _metric;
    private readonly int _searchThreads;

    private PgVectorItemIndex(NpgsqlDataSource dataSource, PgVectorIndexOptions options, int count, int dimension)
    {
        _dataSource = dataSource;
        _metric = options.Metric;
        _searchThreads = options.SearchThreads > 0 ? options.SearchThreads : Environment.ProcessorCount;
        Count = count;
        Dimension = dimension;
        string table = PostgresIdentifier.Quote(options.Table, nameof(options.Table));
        string distance = options.Metric == PgVectorMetric.InnerProduct ? "<#>" : "<=>";
        _select = $"SELECT item_key, item_id, embedding {distance} $1 FROM {table} ORDER BY embedding {distance} $1 LIMIT $2";
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary><see cref="ItemIndexKind.Hnsw"/>: pgvector's HNSW graph (approximate, like the in-process HNSW index).</summary>
    public ItemIndexKind Kind => ItemIndexKind.Hnsw;

    /// <summary>
    /// Writes the items to <see cref="PgVectorIndexOptions.Table"/> and builds the HNSW index, replacing any previous
    /// table atomically (built as <c>{table}__new</c>, then swapped in one transaction).
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string; the database needs the <c>vector</c> extension (created if absent and allowed).</param>
    /// <param name="options">Table, metric and HNSW parameters.</param>
    /// <param name="keys">Each item's ML.NET key (distinct, non-zero), as <see cref="ScoredItem.ItemKey"/> returns it.</param>
    /// <param name="ids">Each item's original id, or null.</param>
    /// <param name="vectors">The embeddings, row-major: item <c>i</c> at <c>[i·d, (i+1)·d)</c>.</param>
    /// <returns>The index, open for queries.</returns>
    public static PgVectorItemIndex Create(string connectionString, PgVectorIndexOptions options, IReadOnlyList<uint> keys,
        IReadOnlyList<string?>? ids, float[] vectors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(vectors);
        options.Validate();
        if (keys.Count == 0)
            throw new ArgumentException("An index needs at least one item.", nameof(keys));
        if (vectors.Length % keys.Count != 0 || vectors.Length == 0)
            throw new ArgumentException($"{vectors.Length} floats are not a whole number of embeddings for {keys.Count} items.", nameof(vectors));
        if (ids is not null && ids.Count != keys.Count)
            throw new ArgumentException($"{ids.Count} ids for {keys.Count} keys; give one id per item or none.", nameof(ids));
        int dimension = vectors.Length / keys.Count;

        string schema = PostgresIdentifier.SchemaPrefix(options.Table);
        string name = PostgresIdentifier.TablePart(options.Table);
        string table = PostgresIdentifier.Quote(options.Table, nameof(options.Table));
        string newName = name + PgVectorIndexDefaults.NewTableSuffix;
        string newTable = $"{schema}\"{newName}\"";
        string operators = options.Metric == PgVectorMetric.InnerProduct ? "vector_ip_ops" : "vector_cosine_ops";

        var dataSource = DataSource(connectionString, options);
        try
        {
            using (var connection = OpenChecked(dataSource, connectionString))
            {
                using var transaction = connection.BeginTransaction();
                PostgresConnections.Execute(connection,
                    $"SET LOCAL maintenance_work_mem = '{options.BuildMemoryMegabytes.ToString(CultureInfo.InvariantCulture)}MB'; " +
                    $"DROP TABLE IF EXISTS {newTable}; " +
                    $"CREATE TABLE {newTable} (item_key bigint NOT NULL, item_id text, embedding vector({dimension.ToString(CultureInfo.InvariantCulture)}) NOT NULL)",
                    transaction);
                using (var import = connection.BeginBinaryImport($"COPY {newTable} (item_key, item_id, embedding) FROM STDIN (FORMAT BINARY)"))
                {
                    for (int i = 0; i < keys.Count; i++)
                    {
                        var embedding = vectors.AsMemory(i * dimension, dimension);
                        for (int j = 0; j < dimension; j++)
                        {
                            if (!float.IsFinite(embedding.Span[j]))
                                throw new ArgumentException($"Item {i} (key {keys[i]}): embedding element {j} is {embedding.Span[j]}; NaN or infinite embeddings cannot be searched.", nameof(vectors));
                        }

                        import.StartRow();
                        import.Write((long)keys[i], NpgsqlDbType.Bigint);
                        if (ids?[i] is { } id)
                            import.Write(id, NpgsqlDbType.Text);
                        else
                            import.WriteNull();
                        import.Write(new Pgvector.Vector(embedding), "vector");
                    }

                    import.Complete();
                }

                PostgresConnections.Execute(connection,
                    $"ALTER TABLE {newTable} ADD CONSTRAINT \"{newName}_pkey\" PRIMARY KEY (item_key); " +
                    $"CREATE INDEX \"{newName}_embedding_idx\" ON {newTable} USING hnsw (embedding {operators}) " +
                    $"WITH (m = {options.Connectivity.ToString(CultureInfo.InvariantCulture)}, ef_construction = {options.ExpansionAdd.ToString(CultureInfo.InvariantCulture)}); " +
                    $"DROP TABLE IF EXISTS {table}; " +
                    $"ALTER TABLE {newTable} RENAME TO \"{name}\"; " +
                    $"ALTER INDEX {schema}\"{newName}_pkey\" RENAME TO \"{name}_pkey\"; " +
                    $"ALTER INDEX {schema}\"{newName}_embedding_idx\" RENAME TO \"{name}_embedding_idx\"; " +
                    $"ANALYZE {table}",
                    transaction);
                transaction.Commit();
            }

            return new PgVectorItemIndex(dataSource, options, keys.Count, dimension);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="model"/> over the item catalogue (like <c>ml.Ranking.BuildItemIndex</c>) and writes every
    /// item's key, id and embedding to PostgreSQL with an HNSW index.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="options">Table, metric and HNSW parameters.</param>
    /// <param name="model">Any transformer that outputs the item key and item embedding columns.</param>
    /// <param name="items">One row per item.</param>
    /// <param name="itemIdColumnName">The item key column after the model has run.</param>
    /// <param name="itemEmbeddingColumnName">The item embedding column the model outputs.</param>
    /// <returns>The index, open for queries.</returns>
    public static PgVectorItemIndex Build(string connectionString, PgVectorIndexOptions options, ITransformer model, IDataView items,
        string itemIdColumnName = DefaultColumnNames.ItemId, string itemEmbeddingColumnName = DefaultColumnNames.ItemEmbedding)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(items);
        var (catalog, vectors) = ItemCatalogReader.Read(ItemIndexFactory.RunModelIfNeeded(model, items, itemEmbeddingColumnName), itemIdColumnName, itemEmbeddingColumnName);
        return Create(connectionString, options, catalog.Keys, catalog.Ids, vectors);
    }

    /// <summary>Opens an index built earlier by <see cref="Create"/> or <see cref="Build"/>.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="options">The table and metric it was built with, and the query settings.</param>
    /// <returns>The index.</returns>
    /// <exception cref="InvalidOperationException">No such table, no embedding column, or no HNSW index for the metric.</exception>
    public static PgVectorItemIndex Open(string connectionString, PgVectorIndexOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string table = PostgresIdentifier.Quote(options.Table, nameof(options.Table));
        string operators = options.Metric == PgVectorMetric.InnerProduct ? "vector_ip_ops" : "vector_cosine_ops";
        var dataSource = DataSource(connectionString, options);
        try
        {
            using var connection = OpenChecked(dataSource, connectionString);
            using var command = new NpgsqlCommand(
                "SELECT (SELECT atttypmod FROM pg_attribute WHERE attrelid = c.oid AND attname = 'embedding' AND NOT attisdropped), " +
                "(SELECT count(*) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam " +
                " WHERE i.indrelid = c.oid AND am.amname = 'hnsw' AND pg_get_indexdef(i.indexrelid) LIKE '%' || @operators || '%'), " +
                "c.oid IS NOT NULL FROM (SELECT to_regclass(@table) AS oid) c", connection);
            command.Parameters.AddWithValue("table", table);
            command.Parameters.AddWithValue("operators", operators);
            int dimension;
            using (var reader = command.ExecuteReader())
            {
                reader.Read();
                if (!reader.GetBoolean(2))
                    throw new InvalidOperationException($"Table {table} does not exist in database '{connection.Database}'; build the index with PgVectorItemIndex.Create or Build first.");
                if (reader.IsDBNull(0) || reader.GetInt32(0) <= 0)
                    throw new InvalidOperationException($"Table {table} has no fixed-width 'embedding vector(d)' column; it was not built by PgVectorItemIndex.");
                if (reader.GetInt64(1) == 0)
                    throw new InvalidOperationException(
                        $"Table {table} has no HNSW index with {operators}, so queries for the {options.Metric} metric would read every row. " +
                        "Open it with the metric it was built with, or rebuild it.");
                dimension = reader.GetInt32(0);
            }

            using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            return new PgVectorItemIndex(dataSource, options, checked((int)(long)count.ExecuteScalar()!), dimension);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ScoredItem[] Search(ReadOnlySpan<float> query, int k, Func<uint, bool>? accept = null)
    {
        CheckK(k);
        var vector = CheckedQuery(query, nameof(query));
        using var connection = _dataSource.OpenConnection();
        using var command = Command(connection, vector);
        return SearchWith(command, Math.Min(k, Count), accept);
    }

    /// <inheritdoc />
    public ScoredItem[][] Search(IReadOnlyList<float[]> queries, int k, Func<int, uint, bool>? accept = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        CheckK(k);
        var vectors = new Pgvector.Vector[queries.Count];
        for (int q = 0; q < queries.Count; q++)
            vectors[q] = CheckedQuery(queries[q] ?? throw new ArgumentNullException(nameof(queries), $"Query {q} is null."), $"{nameof(queries)}[{q}]");
        var results = new ScoredItem[queries.Count][];
        int take = Math.Min(k, Count);
        // Contiguous chunks, one pooled connection and one prepared command per chunk.
        int chunks = Math.Min(_searchThreads, queries.Count);
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _searchThreads }, chunk =>
        {
            int first = (int)((long)queries.Count * chunk / chunks), end = (int)((long)queries.Count * (chunk + 1) / chunks);
            using var connection = _dataSource.OpenConnection();
            using var command = Command(connection, vectors[first]);
            command.Prepare();
            for (int q = first; q < end; q++)
            {
                command.Parameters[0].Value = vectors[q];
                int query = q;
                results[q] = SearchWith(command, take, accept is null ? null : item => accept(query, item));
            }
        });
        return results;
    }

    /// <summary>Not supported: the index lives in its PostgreSQL table, which is already durable.</summary>
    /// <param name="path">Unused.</param>
    /// <exception cref="NotSupportedException">Always; reopen the table with <see cref="Open"/> instead.</exception>
    public void Save(string path) => throw new NotSupportedException(
        "A pgvector index lives in its PostgreSQL table and is saved there as it is built; reopen it with PgVectorItemIndex.Open. " +
        "For an index file, build an in-process index with ml.Ranking.BuildItemIndex.");

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => _dataSource.Dispose();

    private NpgsqlCommand Command(NpgsqlConnection connection, Pgvector.Vector query)
    {
        var command = new NpgsqlCommand(_select, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = query, DataTypeName = "vector" });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 0, NpgsqlDbType = NpgsqlDbType.Integer });
        return command;
    }

    private ScoredItem[] SearchWith(NpgsqlCommand command, int k, Func<uint, bool>? accept)
    {
        int limit = accept is null ? k : Math.Min(Count, k * FirstOverFetch);
        while (true)
        {
            ((NpgsqlParameter<int>)command.Parameters[1]).TypedValue = limit;
            var found = new List<ScoredItem>(k);
            int rows = 0;
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows++;
                    uint key = checked((uint)reader.GetInt64(0));
                    if (found.Count < k && (accept is null || accept(key)))
                    {
                        double distance = reader.GetDouble(2);
                        float score = (float)(_metric == PgVectorMetric.InnerProduct ? -distance : 1 - distance);
                        found.Add(new ScoredItem(key, reader.IsDBNull(1) ? null : reader.GetString(1), score));
                    }
                }
            }

            // Done when k qualified, or when the database returned fewer rows than asked (nothing further to fetch).
            if (found.Count == k || rows < limit || limit >= Count)
                return found.ToArray();
            limit = (int)Math.Min(Count, (long)limit * 4);
        }
    }

    private Pgvector.Vector CheckedQuery(ReadOnlySpan<float> query, string name)
    {
        if (query.Length != Dimension)
            throw new ArgumentException(
                $"Query embedding has width {query.Length}, but the index holds {Dimension}-wide item embeddings. " +
                "Use the user embedding of the same model that embedded the items.", name);
        for (int i = 0; i < query.Length; i++)
        {
            if (!float.IsFinite(query[i]))
                throw new ArgumentException($"Query embedding element {i} is {query[i]}; NaN or infinite queries rank items arbitrarily.", name);
        }

        return new Pgvector.Vector(query.ToArray());
    }

    private static void CheckK(int k)
    {
        if (k <= 0)
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be positive: it is how many items to return.");
    }

    private static NpgsqlDataSource DataSource(string connectionString, PgVectorIndexOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Npgsql resets a pooled connection's session (DISCARD ALL) when it is closed, which would put ef_search back
        // to pgvector's default after the first query; this pool belongs to the index alone, so keep its settings.
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        builder.UseVector();
        string efSearch = options.ExpansionSearch.ToString(CultureInfo.InvariantCulture);
        // Every pooled connection searches with the same ef_search; strict iterative scans let LIMIT exceed it in order.
        builder.UsePhysicalConnectionInitializer(
            connection => PostgresConnections.Execute(connection, $"SET hnsw.ef_search = {efSearch}; SET hnsw.iterative_scan = strict_order"),
            async connection =>
            {
                await using var command = new NpgsqlCommand($"SET hnsw.ef_search = {efSearch}; SET hnsw.iterative_scan = strict_order", connection);
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            });
        return builder.Build();
    }

    private static NpgsqlConnection OpenChecked(NpgsqlDataSource dataSource, string connectionString)
    {
        try
        {
            return dataSource.OpenConnection();
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"Cannot connect to PostgreSQL ({PostgresConnections.Describe(connectionString)}): {e.Message}", e);
        }
    }
}
