using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.PostgreSql.Vector;
using MLNet.TwoTower.Retrieval;
using Npgsql;

namespace MLNet.TwoTower.Tests.PostgreSql;

[Collection(PostgresCollection.Name)]
public sealed class PgVectorItemIndexTests(PostgresFixture server)
{
    private const int Items = 300;
    private const int Width = 16;

    private sealed class ItemRow
    {
        [KeyType(Items)] public uint ItemId { get; set; }
        [VectorType(Width)] public float[] ItemEmbedding { get; set; } = [];
    }

    /// <summary>L2-normalised random embeddings (the Two-Tower towers' kind), keys 1..n.</summary>
    private static float[] Embeddings(int count, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count * Width];
        for (int i = 0; i < count; i++)
        {
            var row = vectors.AsSpan(i * Width, Width);
            for (int d = 0; d < Width; d++)
                row[d] = (float)(random.NextDouble() * 2 - 1);
            float norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(row, row));
            for (int d = 0; d < Width; d++)
                row[d] /= norm;
        }
        return vectors;
    }

    /// <summary>
    /// A database whose planner never scans the table itself: on a catalogue this small, it would otherwise sort a
    /// sequential scan (exact by construction) instead of walking the HNSW graph under test.
    /// </summary>
    private string HnswOnlyDatabase()
    {
        string connectionString = server.CreateDatabase("pgvector");
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        DatasetTables.Execute(connection, $"ALTER DATABASE \"{connection.Database}\" SET enable_seqscan = off");
        // Pooled, as applications connect: a pooled connection's session is reset between uses, which must not lose ef_search.
        return new NpgsqlConnectionStringBuilder(connectionString) { Pooling = true }.ConnectionString;
    }

    private static uint[] Keys => Enumerable.Range(1, Items).Select(i => (uint)i).ToArray();

    private static IItemIndex Exact(float[] vectors)
    {
        var ml = new MLContext(seed: 1);
        var items = ml.Data.LoadFromEnumerable(Enumerable.Range(0, Items).Select(i => new ItemRow
        {
            // LoadFromEnumerable takes 0-based key values; the index reports them 1-based, as Keys holds them.
            ItemId = (uint)i,
            ItemEmbedding = vectors.AsSpan(i * Width, Width).ToArray(),
        }));
        var passThrough = ml.Transforms.CopyColumns("Unused", "ItemEmbedding").Fit(items);
        return ml.Ranking.BuildItemIndex(passThrough, items, new ItemIndexOptions { Kind = ItemIndexKind.Exact });
    }

    private static void AssertSameResults(ScoredItem[] expected, ScoredItem[] actual)
    {
        Assert.Equal(expected.Select(r => r.ItemKey), actual.Select(r => r.ItemKey));
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i].Score, actual[i].Score, 1e-5f); // pgvector sums in another order: last float bits differ
    }

    [Theory]
    [InlineData(PgVectorMetric.InnerProduct)]
    [InlineData(PgVectorMetric.Cosine)]
    public void WithEfSearchAtLeastTheCatalogue_AnswersEqualExactSearch(PgVectorMetric metric)
    {
        var vectors = Embeddings(Items, seed: 3);
        var queries = Enumerable.Range(0, 40).Select(q => Embeddings(1, seed: 100 + q)).ToArray();
        using var exact = Exact(vectors);
        string connectionString = HnswOnlyDatabase();
        var options = new PgVectorIndexOptions { Metric = metric, ExpansionSearch = 1000, SearchThreads = 2 };
        using var index = PgVectorItemIndex.Create(connectionString, options, Keys, Keys.Select(k => $"item{k}").ToArray(), vectors);

        Assert.Equal((Items, Width, ItemIndexKind.Hnsw), (index.Count, index.Dimension, index.Kind));
        var expected = exact.Search(queries, 10);
        var actual = index.Search(queries, 10);
        for (int q = 0; q < queries.Length; q++)
        {
            AssertSameResults(expected[q], actual[q]);
            AssertSameResults(expected[q], index.Search(queries[q], 10));
        }
        Assert.Equal($"item{actual[0][0].ItemKey}", actual[0][0].ItemId);

        // The planner really uses the HNSW index (not a sequential scan that would be exact by construction).
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var explain = new NpgsqlCommand(
            $"EXPLAIN SELECT item_key FROM item_embeddings ORDER BY embedding {(metric == PgVectorMetric.InnerProduct ? "<#>" : "<=>")} '[{string.Join(',', queries[0])}]' LIMIT 10",
            connection);
        Assert.Contains("item_embeddings_embedding_idx", string.Join("\n", ReadAll(explain)));
    }

    [Fact]
    public void RejectedItems_AreReplacedByTheNextBest()
    {
        var vectors = Embeddings(Items, seed: 4);
        var query = Embeddings(1, seed: 9);
        using var exact = Exact(vectors);
        using var index = PgVectorItemIndex.Create(HnswOnlyDatabase(), new PgVectorIndexOptions { ExpansionSearch = 1000 }, Keys, null, vectors);

        // Reject the 30 best: the index must fetch past them (beyond the first over-fetch) and still return 10.
        var best30 = exact.Search(query, 30).Select(r => r.ItemKey).ToHashSet();
        var expected = exact.Search(query, 10, key => !best30.Contains(key));
        var actual = index.Search(query, 10, key => !best30.Contains(key));
        AssertSameResults(expected, actual);
        Assert.Null(actual[0].ItemId);
        Assert.Equal(Items - 30, index.Search(query, 1_000, key => !best30.Contains(key)).Length);
    }

    [Fact]
    public void Open_ReusesTheTableAndRefusesAMetricWithoutItsIndex()
    {
        var vectors = Embeddings(Items, seed: 5);
        string connectionString = HnswOnlyDatabase();
        var query = Embeddings(1, seed: 6);
        ScoredItem[] built;
        using (var index = PgVectorItemIndex.Create(connectionString, new PgVectorIndexOptions { ExpansionSearch = 1000 }, Keys, null, vectors))
            built = index.Search(query, 5);

        using (var reopened = PgVectorItemIndex.Open(connectionString, new PgVectorIndexOptions { ExpansionSearch = 1000 }))
        {
            Assert.Equal((Items, Width), (reopened.Count, reopened.Dimension));
            AssertSameResults(built, reopened.Search(query, 5));
            Assert.Throws<NotSupportedException>(() => reopened.Save("index.bin"));
        }

        var error = Assert.Throws<InvalidOperationException>(() => PgVectorItemIndex.Open(connectionString, new PgVectorIndexOptions { Metric = PgVectorMetric.Cosine }));
        Assert.Contains("no HNSW index with vector_cosine_ops", error.Message);
        Assert.Contains("does not exist", Assert.Throws<InvalidOperationException>(() =>
            PgVectorItemIndex.Open(connectionString, new PgVectorIndexOptions { Table = "missing" })).Message);
    }

    [Fact]
    public void QueryOfTheWrongWidth_IsRejected()
    {
        using var index = PgVectorItemIndex.Create(HnswOnlyDatabase(), new PgVectorIndexOptions(), Keys, null, Embeddings(Items, seed: 7));
        var error = Assert.Throws<ArgumentException>(() => index.Search(new float[Width + 1], 10));
        Assert.Contains($"width {Width + 1}, but the index holds {Width}-wide", error.Message);
    }

    private static IEnumerable<string> ReadAll(NpgsqlCommand command)
    {
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
            lines.Add(reader.GetString(0));
        return lines;
    }
}
