using MLNet.TwoTower.PostgreSql;
using MLNet.TwoTower.PostgreSql.Sink;
using MLNet.TwoTower.Serving.Package;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary>
/// <c>recommend --all-users --to postgres:…</c>: every user's top-K from a <see cref="RecommendationPackage"/>
/// (seen items excluded), written to PostgreSQL by <see cref="PostgresRecommendationWriter"/> as they are computed.
/// Every row carries the package's version (<c>v-&lt;UTC time&gt;-&lt;hash&gt;</c>), so a table says which model wrote it.
/// </summary>
internal static class AllUsersExport
{
    public static RecommendationWriteResult Run(RecommendationPackage package, int k, string target, string table) =>
        PostgresRecommendationWriter.Write(PostgresDataSpec.ConnectionString(target),
            new PostgresRecommendationWriterOptions { Table = table, ModelVersion = package.Version },
            package.RecommendForAllUsers(k).Select(user => new UserRecommendations(user.UserId,
                user.Items.Select(item => new RecommendedItem(item.ItemId, item.Score)).ToArray())));
}
