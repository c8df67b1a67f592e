using Microsoft.ML;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower.Tests.Datasets;

public class DatasetFeaturizerProgressTests
{
    [Fact]
    public void Fit_WithProgress_ReportsEachTableFromZeroToItsSize()
    {
        var ml = new MLContext(seed: 1);
        var dataset = PseudoDatasetGenerator.Generate(new() { UserCount = 50, ItemCount = 40, RatingCount = 500, Seed = 3 });
        var reports = new List<FeaturizationProgress>();

        DatasetFeaturizer.Fit(ml, dataset, new EntityFeaturizerOptions
        {
            Text = TextFeaturizer.NGrams,
            Progress = new SynchronousProgress<FeaturizationProgress>(reports.Add),
        });

        foreach (var (table, count) in new[] { ("users", 50), ("items", 40) })
        {
            var done = reports.Where(r => r.Table == table).ToArray();
            Assert.All(done, r => Assert.Equal(count, r.EntityCount));
            Assert.Equal(0, done[0].EntitiesDone);
            Assert.Equal(count, done[^1].EntitiesDone);
            // One report per entity for tables under 100 rows, in order.
            Assert.Equal(Enumerable.Range(0, count + 1), done.Select(r => r.EntitiesDone));
        }
        Assert.Equal("users", reports[0].Table);
    }
}
