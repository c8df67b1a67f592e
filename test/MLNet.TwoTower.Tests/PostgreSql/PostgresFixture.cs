using MLNet.TwoTower.PostgreSql.Testing;

namespace MLNet.TwoTower.Tests.PostgreSql;

/// <summary>
/// One temporary PostgreSQL server (with pgvector) for every test in <see cref="PostgresCollection"/>: started once,
/// stopped and deleted when the collection is done, even when tests failed. If the server cannot start, construction
/// throws and every test of the collection fails with the reason: these tests never skip.
/// </summary>
public sealed class PostgresFixture : IDisposable
{
    private readonly TemporaryPostgresServer _server = TemporaryPostgresServer.Start(RepositoryPaths.Root);

    /// <summary>A fresh database (with the vector extension) for one test.</summary>
    /// <param name="prefix">Start of its name.</param>
    /// <returns>Its connection string.</returns>
    public string CreateDatabase(string prefix) => _server.CreateDatabase(prefix);

    /// <summary>The loopback port of the server.</summary>
    public int Port => _server.Port;

    /// <inheritdoc />
    public void Dispose() => _server.Dispose();
}

/// <summary>The tests that share <see cref="PostgresFixture"/>'s server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL server";
}
