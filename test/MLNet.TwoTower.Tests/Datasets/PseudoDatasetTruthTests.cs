using MLNet.TwoTower.Datasets.Generation;

namespace MLNet.TwoTower.Tests.Datasets;

public class PseudoDatasetTruthTests
{
    private static readonly PseudoDatasetOptions Options = new() { Seed = 9, UserCount = 400, ItemCount = 200, RatingCount = 12_000 };

    [Fact]
    public void Ids_RoundTripAndForeignIdsAreRefused()
    {
        var generated = PseudoDatasetGenerator.GenerateWithTruth(Options);
        var truth = generated.Truth;

        Assert.Equal(generated.Dataset.Users!.Ids, Enumerable.Range(0, truth.UserCount).Select(truth.UserId));
        Assert.Equal(generated.Dataset.Items!.Ids, Enumerable.Range(0, truth.ItemCount).Select(truth.ItemId));
        Assert.All(Enumerable.Range(0, truth.UserCount), u => Assert.Equal(u, truth.UserIndex(truth.UserId(u))));
        Assert.All(Enumerable.Range(0, truth.ItemCount), i => Assert.Equal(i, truth.ItemIndex(truth.ItemId(i))));
        // Another prefix, another width, out of range, not a number: none of them is this dataset's.
        Assert.All(["i001", "u01", "u0001", "u000", "u401", "u-01", "u1e2", "", "u"], id => Assert.Equal(-1, truth.UserIndex(id)));
    }

    [Fact]
    public void SelectionProbability_SumsToEachUsersRatingCountAndMatchesWhoRatedWhat()
    {
        var generated = PseudoDatasetGenerator.GenerateWithTruth(Options);
        var truth = generated.Truth;
        var rated = generated.Dataset.Interactions.Select(r => (truth.UserIndex(r.UserId), truth.ItemIndex(r.ItemId))).ToHashSet();

        // Calibration over all 80,000 (user, item) pairs, in ten bins of predicted probability: the share actually
        // rated must match the predicted one (the Poisson approximation of weighted sampling without replacement).
        var bins = new (double Predicted, int Rated, int Pairs)[10];
        for (int u = 0; u < truth.UserCount; u++)
        {
            double sum = 0;
            for (int i = 0; i < truth.ItemCount; i++)
            {
                double p = truth.SelectionProbability(u, i);
                Assert.InRange(p, 0, 1);
                sum += p;
                int bin = Math.Min(9, (int)(p * 10));
                bins[bin] = (bins[bin].Predicted + p, bins[bin].Rated + (rated.Contains((u, i)) ? 1 : 0), bins[bin].Pairs + 1);
            }
            Assert.Equal(truth.RatingCount(u), sum, 1e-6);
        }
        foreach (var (predicted, hits, pairs) in bins.Where(b => b.Pairs >= 500))
        {
            // Three standard errors of the bin's share, plus 0.01 for the approximation.
            double mean = predicted / pairs, tolerance = 3 * Math.Sqrt(mean * (1 - mean) / pairs) + 0.01;
            Assert.InRange(hits / (double)pairs - mean, -tolerance, tolerance);
        }
        Assert.True(bins.Count(b => b.Pairs >= 500) >= 4, "the bins must spread over the probability range");
    }

    [Theory]
    [InlineData(4f)]
    [InlineData(5f)]
    [InlineData(2f)]
    public void PositiveProbability_MatchesTheShareOfRatingsAtOrAboveTheThreshold(float threshold)
    {
        var generated = PseudoDatasetGenerator.GenerateWithTruth(Options);
        var truth = generated.Truth;
        var interactions = generated.Dataset.Interactions;

        double predicted = interactions.Average(r => truth.PositiveProbability(truth.UserIndex(r.UserId), truth.ItemIndex(r.ItemId), threshold));
        double observed = interactions.Average(r => r.Rating >= threshold ? 1.0 : 0.0);

        // 12,000 Bernoulli draws: the standard error of the share is at most 0.005.
        Assert.InRange(observed - predicted, -0.015, 0.015);
        Assert.Equal(1, truth.PositiveProbability(0, 0, 1f));
        Assert.Equal(0, truth.PositiveProbability(0, 0, 5.5f));
    }

    [Fact]
    public void Generate_IsGenerateWithTruthsDataset()
    {
        var plain = PseudoDatasetGenerator.Generate(Options);
        var withTruth = PseudoDatasetGenerator.GenerateWithTruth(Options).Dataset;

        Assert.Equal(plain.Interactions, withTruth.Interactions);
    }
}
