using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Tests.Training;

namespace MLNet.TwoTower.Tests.Persistence;

public class TwoTowerParametersFileTests
{
    [Fact]
    public void SaveLoad_TrainedParameters_RebuildTheSameScores()
    {
        var ml = new MLContext(1);
        var data = TrainerFixture.ClusteredData(ml);
        var model = ml.Ranking.Trainers.TwoTower(TrainerFixture.SmallOptions(epochs: 1)).Fit(data);
        using var temp = new TempFolder("tt-params");
        var path = temp.File("model.parameters.json");

        TwoTowerParametersFile.Save(model.Parameters, path);
        var rebuilt = TwoTowerParametersFile.ToTransformer(new MLContext(2), TwoTowerParametersFile.Load(path));

        Assert.Equal(model.Transform(data).GetColumn<float>("Score"), rebuilt.Transform(data).GetColumn<float>("Score"));
    }

    [Fact]
    public void Load_TruncatedFile_ThrowsNamingTheFile()
    {
        var ml = new MLContext(1);
        var model = ml.Ranking.Trainers.TwoTower(TrainerFixture.SmallOptions(epochs: 1)).Fit(TrainerFixture.ClusteredData(ml));
        using var temp = new TempFolder("tt-params");
        var path = temp.File("p.json");
        TwoTowerParametersFile.Save(model.Parameters, path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<InvalidDataException>(() => TwoTowerParametersFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Load_ForeignJson_IsRefused()
    {
        using var temp = new TempFolder("tt-params");
        var path = temp.File("other.json");
        File.WriteAllText(path, "{\"Format\":\"something else\"}");
        var e = Assert.Throws<InvalidDataException>(() => TwoTowerParametersFile.Load(path));
        Assert.Contains("something else", e.Message);
    }
}
