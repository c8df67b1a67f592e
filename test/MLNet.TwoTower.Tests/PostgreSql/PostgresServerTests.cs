using Npgsql;

namespace MLNet.TwoTower.Tests.PostgreSql;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresFixture server)
{
    [Fact]
    public void ServerRunsOnLoopbackWithPgvector()
    {
        using var connection = new NpgsqlConnection(server.CreateDatabase("server"));
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT inet_server_addr()::text, current_setting('port'), extversion, ('[1,2,3]'::vector <#> '[4,5,6]'::vector)::float8 " +
            "FROM pg_extension WHERE extname = 'vector'", connection);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), "the vector extension is not installed in the new database");
        Assert.Equal("127.0.0.1/32", reader.GetString(0));
        Assert.Equal(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1));
        Assert.Equal("0.8.6", reader.GetString(2));
        // <#> is the negative inner product: -(4 + 10 + 18).
        Assert.Equal(-32.0, reader.GetDouble(3));
    }
}
