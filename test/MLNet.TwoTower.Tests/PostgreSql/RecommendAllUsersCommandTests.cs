using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Cli;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.PostgreSql;
using MLNet.TwoTower.PostgreSql.Testing;
using MLNet.TwoTower.Tests.Datasets;
using MLNet.TwoTower.Serving.Package;
using Npgsql;
using Spectre.Console.Testing;

namespace MLNet.TwoTower.Tests.PostgreSql;

/// <summary>
/// <c>twotower train</c> and <c>recommend --all-users</c> as a user runs them against a database: data read from
/// tables, every user's top-K written back. Trains, so it runs with the training tests, on a server of its own.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class RecommendAllUsersCommandTests
{
    [Fact]
    public void TrainFromPostgres_ThenRecommendAllUsersToPostgres_WritesEveryUsersTopKMatchingSingleUserRecommendations()
    {
        using var folder = new TempFolder();
        PseudoDatasetGenerator.GenerateToFolder(folder.Path, new PseudoDatasetOptions { UserCount = 60, ItemCount = 40, RatingCount = 1_200 });
        using var server = TemporaryPostgresServer.Start(RepositoryPaths.Root);
        string connectionString = server.CreateDatabase("cli");
        DatasetTables.Write(connectionString, folder.Path);
        string[] data = ["--data", PostgresDataSpec.Prefix + connectionString, "--text", "ngrams"];
        string model = Path.Combine(folder.Path, "model");

        Assert.Equal(0, CliApp.Run(["train", .. data, "--epochs", "1", "--out", model], new TestConsole().Width(200)));
        var console = new TestConsole().Width(300);
        Assert.Equal(0, CliApp.Run(["recommend", "--model", model, "--all-users", "--to", PostgresDataSpec.Prefix + connectionString,
            "--table", "recs", "-k", "5"], console));
        Assert.Contains("wrote 300 rows for 60 users to table recs", console.Output);

        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var summary = new NpgsqlCommand("SELECT count(DISTINCT user_id), min(rank), max(rank), count(DISTINCT model_version), min(model_version) FROM recs", connection))
        using (var reader = summary.ExecuteReader())
        {
            reader.Read();
            Assert.Equal((60L, 1, 5, 1L), (reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3)));
            // Every row names the package version that wrote it.
            using var package = RecommendationPackage.Open(model);
            Assert.Equal(package.Version, reader.GetString(4));
        }

        // The same items, in the same order, as recommending for one user.
        var single = new TestConsole().Width(200);
        Assert.Equal(0, CliApp.Run(["recommend", "--model", model, "--user", "u07", "-k", "5"], single));
        using var rows = new NpgsqlCommand("SELECT item_id FROM recs WHERE user_id = 'u07' ORDER BY rank", connection);
        using var items = rows.ExecuteReader();
        int position = -1;
        while (items.Read())
        {
            int next = single.Output.IndexOf($"│ {items.GetString(0)} ", StringComparison.Ordinal);
            Assert.True(next > position, $"item {items.GetString(0)} is not next in the single-user output:\n{single.Output}");
            position = next;
        }
        Assert.True(position > 0);
    }

    [Theory]
    [InlineData("--all-users", "--all-users and --to go together")]
    [InlineData("--all-users --user u1 --to postgres:Host=x", "Give exactly one of --user, --new-user and --all-users")]
    [InlineData("--all-users --to Host=x", "--to must start with 'postgres:'")]
    public void AllUsersOptions_AreCheckedBeforeAnythingLoads(string arguments, string message)
    {
        var console = new TestConsole().Width(300);
        Assert.NotEqual(0, CliApp.Run(["recommend", "--model", "m", .. arguments.Split(' ')], console));
        Assert.Contains(message, console.Output);
    }
}
