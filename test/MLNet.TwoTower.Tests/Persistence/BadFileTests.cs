using Microsoft.ML;
using MLNet.TwoTower.Persistence;
using Xunit.Abstractions;

namespace MLNet.TwoTower.Tests.Persistence;

public sealed class BadFileTests(ITestOutputHelper output) : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TempFolder _temp = new("twotower-badfile-");

    private string _folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void MLNetLoad_TruncatedZip_SaysNothingAboutTheFile()
    {
        // Documents why TwoTowerModel.Load exists: ML.NET's own message names neither the file nor a fix.
        var path = TruncatedModel();

        var error = Assert.ThrowsAny<Exception>(() => _ml.Model.Load(path, out _));

        output.WriteLine($"ml.Model.Load on a truncated zip: {error.GetType().FullName}: {error.Message}");
        Assert.DoesNotContain(path, error.Message);
    }

    [Fact]
    public void Load_TruncatedZip_ThrowsNamingTheFile()
    {
        var path = TruncatedModel();

        var error = Assert.Throws<ArgumentException>(() => TwoTowerModel.Load(_ml, path, out _));

        output.WriteLine(error.Message);
        Assert.Equal("path", error.ParamName);
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void Load_ForeignFile_ThrowsNamingTheFile()
    {
        var path = Path.Combine(_folder, "notes.zip");
        File.WriteAllText(path, "these are not the weights you are looking for");

        var error = Assert.Throws<ArgumentException>(() => TwoTowerModel.Load(_ml, path, out _));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a readable ML.NET model", error.Message);
    }

    [Fact]
    public void Load_ZipThatIsNotAModel_ThrowsNamingTheFile()
    {
        var path = Path.Combine(_folder, "photos.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        using (var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open()))
            writer.Write("holiday pictures");

        var error = Assert.Throws<ArgumentException>(() => TwoTowerModel.Load(_ml, path, out _));

        output.WriteLine(error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains("not a readable ML.NET model", error.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        var path = Path.Combine(_folder, "absent.zip");

        var error = Assert.Throws<FileNotFoundException>(() => TwoTowerModel.Load(_ml, path, out _));

        Assert.Contains(path, error.Message);
    }

    /// <summary>A real saved model cut to half its length, as an interrupted copy leaves it.</summary>
    private string TruncatedModel()
    {
        var data = TestModels.Load(_ml, TestModels.Rows());
        var path = Path.Combine(_folder, "model.zip");
        _ml.Model.Save(TestModels.Transformer(_ml), data.Schema, path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }
}
