using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Tests.Datasets;

public sealed class PseudoDatasetGeneratorTests
{
    private static PseudoDatasetOptions Small(int seed = 7) => new() { UserCount = 300, ItemCount = 200, RatingCount = 6_000, Seed = seed };

    private static Dictionary<string, byte[]> Files(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void GenerateToFolder_SameSeed_WritesIdenticalFiles()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        PseudoDatasetGenerator.GenerateToFolder(a.Path, Small());
        PseudoDatasetGenerator.GenerateToFolder(b.Path, Small());
        var first = Files(a.Path);
        var second = Files(b.Path);

        Assert.Equal(
            new[] { DatasetFiles.Interactions, DatasetFiles.Items, DatasetFiles.Schema, DatasetFiles.Users }.Order(),
            first.Keys.Order());
        foreach (var (name, bytes) in first)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(second[name]), $"{name} differs between two runs with the same seed.");
        }
    }

    [Fact]
    public void Generate_DifferentSeed_GivesDifferentData()
    {
        var first = PseudoDatasetGenerator.Generate(Small(seed: 1));
        var second = PseudoDatasetGenerator.Generate(Small(seed: 2));
        Assert.NotEqual(first.Interactions, second.Interactions);
        Assert.NotEqual(first.Users!.GetColumnOrNull("self_introduction")!.GetRaw(0), second.Users!.GetColumnOrNull("self_introduction")!.GetRaw(0));
    }

    [Fact]
    public void Generate_Defaults_HasRequestedSizesAndSpansOneToFiveStars()
    {
        var dataset = PseudoDatasetGenerator.Generate();
        Assert.Equal(60_000, dataset.Interactions.Count);
        Assert.Equal(2_000, dataset.Users!.Count);
        Assert.Equal(1_000, dataset.Items!.Count);
        Assert.Equal(60_000, dataset.Interactions.Select(i => (i.UserId, i.ItemId)).Distinct().Count());

        var stars = dataset.Interactions.Select(i => i.Rating).ToArray();
        Assert.Equal([1f, 2f, 3f, 4f, 5f], stars.Distinct().Order());
        // Every star level is used by at least 5% of ratings; the mean sits in the usual 3–4 band (3.54 at seed 42).
        Assert.All(Enumerable.Range(1, 5), k => Assert.True(stars.Count(s => s == k) > 0.05 * stars.Length, $"{k} stars is rare."));
        Assert.InRange(stars.Average(), 3.0, 4.0);
        Assert.True(dataset.Interactions.GroupBy(i => i.UserId).All(g => g.Count() >= 5));
    }

    [Fact]
    public void Generate_Defaults_TopTenPercentOfItemsGetMuchMoreThanTheirShare()
    {
        var dataset = PseudoDatasetGenerator.Generate();
        var perItem = dataset.Interactions.GroupBy(i => i.ItemId).Select(g => g.Count()).OrderDescending().ToArray();
        double share = perItem.Take(100).Sum() / (double)dataset.Interactions.Count;
        // Uniform popularity would give 10%; Zipf(1.0) gives about 53% at seed 42.
        Assert.True(share > 0.35, $"Top 10% of items hold only {share:P1} of ratings.");
    }

    [Fact]
    public void Generate_WithoutPopularitySkew_SpreadsRatingsEvenly()
    {
        var options = Small();
        options.ItemPopularityExponent = 0;
        options.SelectionAffinity = 0;
        var dataset = PseudoDatasetGenerator.Generate(options);
        var perItem = dataset.Interactions.GroupBy(i => i.ItemId).Select(g => g.Count()).OrderDescending().ToArray();
        double share = perItem.Take(20).Sum() / (double)dataset.Interactions.Count;
        Assert.True(share < 0.2, $"Top 10% hold {share:P1} with popularity off.");
    }

    [Fact]
    public void Generate_HighAffinityPairs_RateHigherThanLowAffinityPairs()
    {
        var truth = PseudoDatasetGenerator.GenerateWithTruth(null);
        var ratings = truth.Dataset.Interactions.Select(i => (double)i.Rating).ToArray();
        double high = MeanWhere(ratings, truth.ContentAffinity, a => a > 0.5);
        double low = MeanWhere(ratings, truth.ContentAffinity, a => a <= 0);
        // A perfect match adds 2.5 logits to the ordered logit, worth well over half a star.
        Assert.True(high - low > 0.5, $"high-affinity mean {high:F2} vs low {low:F2}");
    }

    [Fact]
    public void Generate_ContentWeightZero_AffinityNoLongerPredictsRatings()
    {
        var options = Small();
        options.ContentWeight = 0;
        var truth = PseudoDatasetGenerator.GenerateWithTruth(options);
        var ratings = truth.Dataset.Interactions.Select(i => (double)i.Rating).ToArray();
        double high = MeanWhere(ratings, truth.ContentAffinity, a => a > 0.5);
        double low = MeanWhere(ratings, truth.ContentAffinity, a => a <= 0);
        Assert.InRange(high - low, -0.2, 0.2);
    }

    [Theory]
    // The hidden term is ~N(0, 1); ±1 apart at weight 0.7 is ~1.4 logits, about half a star or more.
    [InlineData(0.7, 0.4, 10.0)]
    [InlineData(0.0, -0.2, 0.2)]
    public void Generate_HiddenTasteWeight_ControlsHowMuchTheHiddenTermMovesRatings(double weight, double low, double high)
    {
        var options = Small();
        options.HiddenTasteWeight = weight;
        var truth = PseudoDatasetGenerator.GenerateWithTruth(options);
        var ratings = truth.Dataset.Interactions.Select(i => (double)i.Rating).ToArray();
        double difference = MeanWhere(ratings, truth.HiddenTaste, h => h > 1) - MeanWhere(ratings, truth.HiddenTaste, h => h < -1);
        Assert.InRange(difference, low, high);
    }

    [Fact]
    public void Generate_Text_UsesVariedTemplatesAndNamesInterests()
    {
        var dataset = PseudoDatasetGenerator.Generate(Small());
        var intros = dataset.Users!.GetColumnOrNull("self_introduction")!;
        var openings = Enumerable.Range(0, intros.Count).Select(i => string.Join(' ', intros.GetRaw(i).Split(' ').Take(3))).Distinct().Count();
        Assert.True(openings >= 6, $"only {openings} distinct openings");
        Assert.True(Enumerable.Range(0, intros.Count).All(i => intros.GetRaw(i).Split(' ').Length >= 8));

        var genres = dataset.Items!.GetColumnOrNull("genres")!;
        Assert.Equal(FeatureKind.MultiCategorical, genres.Kind);
        Assert.Contains(Enumerable.Range(0, genres.Count), i => genres.GetLabels(i).Count > 1);
        Assert.Equal(FeatureKind.Text, dataset.Schema.ItemFeatures["description"]);
    }

    [Fact]
    public void GenerateToFolder_LoadsBackUnchanged()
    {
        using var folder = new TempFolder();
        var generated = PseudoDatasetGenerator.GenerateToFolder(folder.Path, Small());
        var loaded = DatasetFolder.Load(folder.Path);
        Assert.Equal(generated.Interactions, loaded.Interactions);
        Assert.Equal(generated.Schema.UserFeatures, loaded.Schema.UserFeatures);
        Assert.Equal(generated.Schema.ItemFeatures, loaded.Schema.ItemFeatures);
        Assert.Equal(generated.Items!.GetColumnOrNull("description")!.GetRaw(5), loaded.Items!.GetColumnOrNull("description")!.GetRaw(5));
    }

    [Fact]
    public void Generate_InvalidOptions_ListsEveryProblem()
    {
        var options = new PseudoDatasetOptions { UserCount = 1, HiddenTasteWeight = -1, ItemPopularityExponent = double.NaN };
        var error = Assert.Throws<ArgumentException>(() => PseudoDatasetGenerator.Generate(options));
        Assert.Contains("UserCount", error.Message);
        Assert.Contains("HiddenTasteWeight", error.Message);
        Assert.Contains("ItemPopularityExponent", error.Message);
    }

    [Fact]
    public void Options_Defaults_ArePinned()
    {
        var options = new PseudoDatasetOptions();
        Assert.Equal((2_000, 1_000, 60_000, 42), (options.UserCount, options.ItemCount, options.RatingCount, options.Seed));
        Assert.Equal((1.0, 0.7, 8, 0.5), (options.ContentWeight, options.HiddenTasteWeight, options.HiddenTasteDimension, options.BiasStandardDeviation));
        Assert.Equal((1.0, 0.7, 1.5, 5), (options.ItemPopularityExponent, options.UserActivityExponent, options.SelectionAffinity, options.MinimumRatingsPerUser));
    }

    private static double MeanWhere(double[] ratings, double[] affinity, Func<double, bool> keep) =>
        ratings.Where((_, i) => keep(affinity[i])).Average();
}
