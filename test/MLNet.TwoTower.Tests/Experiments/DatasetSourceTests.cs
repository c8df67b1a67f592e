using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Tests.Datasets;

namespace MLNet.TwoTower.Tests.Experiments;

public class DatasetSourceTests
{
    [Fact]
    public void ShadowWarning_FolderNamedPseudo_SaysTheBuiltInWinsAndHowToLoadTheFolder()
    {
        // Issue 15: a folder called "pseudo" was silently ignored in favour of the generated dataset.
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "pseudo"));

        var warning = DatasetSource.ShadowWarning("pseudo", folder.Path);

        Assert.NotNull(warning);
        Assert.Contains("means the generated pseudo dataset", warning);
        Assert.Contains(Path.Combine(folder.Path, "pseudo"), warning);
        Assert.Contains($"--data {Path.Combine(".", "pseudo")}", warning);
    }

    [Fact]
    public void ShadowWarning_FolderNamedMovieLensSmall_NamesMovieLens()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "movielens-small"));

        Assert.Contains("MovieLens latest-small", DatasetSource.ShadowWarning("movielens-small", folder.Path));
    }

    [Fact]
    public void ShadowWarning_NoSuchFolderOrNotABuiltInName_Null()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "mydata"));

        Assert.Null(DatasetSource.ShadowWarning("pseudo", folder.Path));
        Assert.Null(DatasetSource.ShadowWarning("mydata", folder.Path));
    }
}
