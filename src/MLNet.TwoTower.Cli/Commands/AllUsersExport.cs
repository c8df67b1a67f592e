using System.Security.Cryptography;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.PostgreSql;
using MLNet.TwoTower.PostgreSql.Sink;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary>
/// <c>recommend --all-users --to postgres:…</c>: every user's top-K from a <see cref="RecommendationService"/>, written
/// to PostgreSQL by <see cref="PostgresRecommendationWriter"/> as they are computed (blocks of users in parallel,
/// written in user order). The only place the command touches the service for this, so a new model format changes
/// this file alone.
/// </summary>
internal static class AllUsersExport
{
    /// <summary>Users computed in parallel before their rows are written.</summary>
    private const int UserBlock = 512;

    public static RecommendationWriteResult Run(RecommendationService service, IReadOnlyList<string> userIds, int k,
        string target, string table, string modelVersion) =>
        PostgresRecommendationWriter.Write(PostgresDataSpec.ConnectionString(target),
            new PostgresRecommendationWriterOptions { Table = table, ModelVersion = modelVersion },
            Recommend(service, userIds, k));

    /// <summary>The model's version as written on every row: the first 16 hex digits of its file's SHA-256.</summary>
    public static string ModelVersion(string modelFolder)
    {
        using var model = File.OpenRead(Path.Combine(modelFolder, ModelFolder.Model));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(model))[..16];
    }

    private static IEnumerable<UserRecommendations> Recommend(RecommendationService service, IReadOnlyList<string> userIds, int k)
    {
        var block = new UserRecommendations[UserBlock];
        for (int first = 0; first < userIds.Count; first += UserBlock)
        {
            int count = Math.Min(UserBlock, userIds.Count - first);
            Parallel.For(0, count, i => block[i] = new UserRecommendations(userIds[first + i],
                service.ForUser(userIds[first + i], k).Select(item => new RecommendedItem(item.ItemId, item.Score)).ToArray()));
            for (int i = 0; i < count; i++)
                yield return block[i];
        }
    }
}
