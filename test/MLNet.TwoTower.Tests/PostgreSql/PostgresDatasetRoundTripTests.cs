using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.PostgreSql;
using MLNet.TwoTower.PostgreSql.Testing;
using MLNet.TwoTower.Tests.Datasets;

namespace MLNet.TwoTower.Tests.PostgreSql;

/// <summary>
/// A dataset folder copied into PostgreSQL loads back as the same dataset and trains the same model, bit for bit.
/// Trains, so it runs with the other training tests (one at a time) on a server of its own.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class PostgresDatasetRoundTripTests
{
    [Fact]
    public void FolderCopiedIntoPostgres_LoadsTheSameDatasetAndTrainsABitIdenticalModel()
    {
        using var folder = new TempFolder();
        PseudoDatasetGenerator.GenerateToFolder(folder.Path, new PseudoDatasetOptions { UserCount = 120, ItemCount = 60, RatingCount = 2_000, Seed = 7 });
        using var server = TemporaryPostgresServer.Start(RepositoryPaths.Root);
        string connectionString = server.CreateDatabase("roundtrip");
        DatasetTables.Write(connectionString, folder.Path);

        var fromFolder = DatasetFolder.Load(folder.Path);
        var fromPostgres = DatasetSource.Load(PostgresDataSpec.Prefix + connectionString);

        Assert.Equal(fromFolder.Interactions, fromPostgres.Interactions);
        Assert.True(fromPostgres.HasTimestamps);
        AssertSameTable(fromFolder.Users!, fromPostgres.Users!);
        AssertSameTable(fromFolder.Items!, fromPostgres.Items!);

        var (folderUsers, folderItems) = TrainAndEmbed(fromFolder);
        var (postgresUsers, postgresItems) = TrainAndEmbed(fromPostgres);
        Assert.Equal(folderUsers.Length, postgresUsers.Length);
        for (int u = 0; u < folderUsers.Length; u++)
            Assert.Equal(folderUsers[u], postgresUsers[u]);
        for (int i = 0; i < folderItems.Length; i++)
            Assert.Equal(folderItems[i], postgresItems[i]);
    }

    private static void AssertSameTable(EntityTable expected, EntityTable actual)
    {
        Assert.Equal(expected.Ids, actual.Ids);
        Assert.Equal(expected.Columns.Select(c => (c.Name, c.Kind)), actual.Columns.Select(c => (c.Name, c.Kind)));
        foreach (var column in expected.Columns)
        {
            var other = actual.GetColumnOrNull(column.Name)!;
            for (int row = 0; row < expected.Count; row++)
            {
                if (column.Kind == FeatureKind.Numeric)
                    Assert.Equal(column.GetNumber(row), other.GetNumber(row));
                else
                    Assert.Equal(column.GetRaw(row), other.GetRaw(row));
            }
        }
    }

    private static (float[][] Users, float[][] Items) TrainAndEmbed(RecommendationDataset dataset)
    {
        var ml = new MLContext(seed: 42);
        var data = PreparedData.Prepare(ml, dataset, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });
        var model = ReferenceExperiment.TrainTwoTower(ml, data, new ExperimentOptions { Epochs = 2, NumberOfThreads = 1 });
        return (model.Transform(data.UserRows()).GetColumn<float[]>("UserEmbedding").ToArray(),
            model.Transform(data.ItemRows()).GetColumn<float[]>("ItemEmbedding").ToArray());
    }
}
