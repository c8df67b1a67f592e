using MLNet.TwoTower.PostgreSql.Sink;
using Npgsql;

namespace MLNet.TwoTower.Tests.PostgreSql;

[Collection(PostgresCollection.Name)]
public sealed class PostgresRecommendationWriterTests(PostgresFixture server)
{
    private const string WriterApplication = "twotower-writer-under-test";

    private static IEnumerable<UserRecommendations> Recommendations(int users, int k, string prefix = "u") =>
        Enumerable.Range(0, users).Select(u => new UserRecommendations($"{prefix}{u}",
            Enumerable.Range(0, k).Select(r => new RecommendedItem($"i{(u + r) % 97}", 1f - r / 100f)).ToArray()));

    private static PostgresRecommendationWriterOptions Options(string version) => new() { Table = "recs", ModelVersion = version };

    private static T Scalar<T>(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    /// <summary>(rows, distinct versions joined, whether recs__new exists), read on a fresh connection.</summary>
    private static (long Rows, string Versions, bool NewTableExists) State(string connectionString) => (
        Scalar<long>(connectionString, "SELECT count(*) FROM recs"),
        Scalar<string>(connectionString, "SELECT string_agg(DISTINCT model_version, ',') FROM recs"),
        Scalar<bool>(connectionString, "SELECT to_regclass('recs__new') IS NOT NULL"));

    [Fact]
    public void Write_StoresEveryUsersRankedItemsWithTheModelVersion()
    {
        string connectionString = server.CreateDatabase("sink");
        var result = PostgresRecommendationWriter.Write(connectionString, Options("v1"), Recommendations(users: 3, k: 4));

        Assert.Equal((3L, 12L), (result.Users, result.Rows));
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT user_id, rank, item_id, score, model_version FROM recs WHERE user_id = 'u1' ORDER BY rank", connection);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, int, string, float, string)>();
        while (reader.Read())
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetFloat(3), reader.GetString(4)));
        Assert.Equal([("u1", 1, "i1", 1f, "v1"), ("u1", 2, "i2", 0.99f, "v1"), ("u1", 3, "i3", 0.98f, "v1"), ("u1", 4, "i4", 0.97f, "v1")], rows);
        reader.Close();
        Assert.Equal("recs_pkey", Scalar<string>(connectionString, "SELECT conname::text FROM pg_constraint WHERE conrelid = 'recs'::regclass AND contype = 'p'"));
    }

    [Fact]
    public void SecondWrite_ReplacesTheWholePreviousSet()
    {
        string connectionString = server.CreateDatabase("sink");
        PostgresRecommendationWriter.Write(connectionString, Options("v1"), Recommendations(users: 50, k: 5, prefix: "old"));
        PostgresRecommendationWriter.Write(connectionString, Options("v2"), Recommendations(users: 20, k: 3, prefix: "new"));

        Assert.Equal((60L, "v2", false), State(connectionString));
        Assert.Equal(0L, Scalar<long>(connectionString, "SELECT count(*) FROM recs WHERE user_id LIKE 'old%'"));
    }

    [Fact]
    public void ExceptionInTheMiddleOfTheCopy_LeavesThePreviousTableIntactAndNoNewTable()
    {
        string connectionString = server.CreateDatabase("sink");
        PostgresRecommendationWriter.Write(connectionString, Options("v1"), Recommendations(users: 100, k: 10));
        (long, string, bool)? seenByReaderMidWay = null;

        IEnumerable<UserRecommendations> FailingHalfWay()
        {
            int count = 0;
            foreach (var user in Recommendations(users: 5_000, k: 10))
            {
                if (++count == 2_500)
                {
                    // A reader during the write sees the previous set, complete, and no half-written table.
                    seenByReaderMidWay = State(connectionString);
                    throw new InvalidOperationException("the recommender failed");
                }
                yield return user;
            }
        }

        var error = Assert.Throws<InvalidOperationException>(() => PostgresRecommendationWriter.Write(connectionString, Options("v2"), FailingHalfWay()));
        Assert.Equal("the recommender failed", error.Message);
        Assert.Equal((1_000L, "v1", false), seenByReaderMidWay);
        Assert.Equal((1_000L, "v1", false), State(connectionString));
    }

    [Fact]
    public void WriterWhoseConnectionIsKilledMidCopy_LeavesThePreviousTableIntactAndNoNewTable()
    {
        string connectionString = server.CreateDatabase("sink");
        PostgresRecommendationWriter.Write(connectionString, Options("v1"), Recommendations(users: 100, k: 10));
        bool killed = false;

        IEnumerable<UserRecommendations> KilledHalfWay()
        {
            int count = 0;
            foreach (var user in Recommendations(users: 20_000, k: 10))
            {
                if (++count == 2_000)
                {
                    killed = Scalar<bool>(connectionString,
                        $"SELECT bool_or(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{WriterApplication}'");
                }
                yield return user;
            }
        }

        var writerConnection = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = WriterApplication }.ConnectionString;
        Assert.ThrowsAny<Exception>(() => PostgresRecommendationWriter.Write(writerConnection, Options("v2"), KilledHalfWay()));
        Assert.True(killed, "the writer's backend was not found to terminate");
        Assert.Equal((1_000L, "v1", false), State(connectionString));
    }

    [Fact]
    public void StaleNewTableFromAnInterruptedRun_IsDroppedAndReplaced()
    {
        string connectionString = server.CreateDatabase("sink");
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            DatasetTables.Execute(connection, "CREATE TABLE recs__new (junk int); INSERT INTO recs__new VALUES (1)");
        }

        PostgresRecommendationWriter.Write(connectionString, Options("v1"), Recommendations(users: 7, k: 2));
        Assert.Equal((14L, "v1", false), State(connectionString));
    }

    [Fact]
    public void UserListedTwice_IsRejectedAndThePreviousTableKept()
    {
        string connectionString = server.CreateDatabase("sink");
        PostgresRecommendationWriter.Write(connectionString, Options("v1"), Recommendations(users: 4, k: 2));
        var twice = Recommendations(users: 3, k: 2).Concat(Recommendations(users: 1, k: 2));

        var error = Assert.Throws<ArgumentException>(() => PostgresRecommendationWriter.Write(connectionString, Options("v2"), twice));
        Assert.StartsWith("User 'u0' is listed twice", error.Message);
        Assert.Equal((8L, "v1", false), State(connectionString));
    }

    [Theory]
    [InlineData("recs; DROP TABLE users")]
    [InlineData("a.b.c")]
    [InlineData("1recs")]
    public void TableNameThatIsNotAPlainIdentifier_IsRejectedBeforeConnecting(string table)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            PostgresRecommendationWriter.Write("Host=127.0.0.1;Port=1", new PostgresRecommendationWriterOptions { Table = table, ModelVersion = "v" }, []));
        Assert.Contains($"Table '{table}' is not a table name", error.Message);
    }
}
