using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Datasets.MovieLens;

namespace MLNet.TwoTower.Tests.Datasets;

public sealed class MovieLensLoaderTests
{
    // The shared data lies beside the checkout (CI: beside its clone); the search walks up from the test's folder.
    private static string Folder() => MLNet.TwoTower.Experiments.DatasetSource.FindMovieLensSmall();

    [Fact]
    public void Load_LatestSmall_HasPublishedCounts()
    {
        var dataset = MovieLensLoader.Load(Folder());
        // ml-latest-small README: 100,836 ratings by 610 users on 9,742 movies.
        Assert.Equal(100_836, dataset.Interactions.Count);
        Assert.Equal(610, dataset.Interactions.Select(i => i.UserId).Distinct().Count());
        Assert.Equal(9_742, dataset.Items!.Count);
        Assert.Null(dataset.Users);
        Assert.True(dataset.HasTimestamps);

        var items = dataset.Items;
        int toyStory = items.IndexOf("1");
        Assert.Equal("Toy Story", items.GetColumnOrNull(MovieLensColumns.Title)!.GetRaw(toyStory));
        Assert.Equal(1995f, items.GetColumnOrNull(MovieLensColumns.Year)!.GetNumber(toyStory));
        Assert.Equal(["Adventure", "Animation", "Children", "Comedy", "Fantasy"], items.GetColumnOrNull(MovieLensColumns.Genres)!.GetLabels(toyStory));
        Assert.Contains("pixar", items.GetColumnOrNull(MovieLensColumns.Tags)!.GetRaw(toyStory));
        // movies.csv line: 11,"American President, The (1995)",Comedy|Drama|Romance (quoted, with a comma).
        Assert.Equal("The American President", items.GetColumnOrNull(MovieLensColumns.Title)!.GetRaw(items.IndexOf("11")));
        Assert.Equal(FeatureKind.MultiCategorical, dataset.Schema.ItemFeatures[MovieLensColumns.Genres]);
    }

    [Theory]
    [InlineData("Toy Story (1995)", "Toy Story", "1995")]
    [InlineData("American President, The (1995)", "The American President", "1995")]
    [InlineData("Babylon 5", "Babylon 5", "")]
    [InlineData("Fawlty Towers (1975-1979)", "Fawlty Towers", "1975")]
    [InlineData("Ready Player One", "Ready Player One", "")]
    public void SplitTitle_SeparatesYearAndRestoresArticle(string raw, string title, string year) =>
        Assert.Equal((title, year), MovieLensLoader.SplitTitle(raw));
}
