using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Tests.Persistence;

public sealed class SaveLoadTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TempFolder _temp = new("twotower-saveload-");

    private string _folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SaveLoad_WholePipeline_GivesBitIdenticalScores()
    {
        var (featurizer, raw) = RawPipeline.Fit(_ml);
        var model = featurizer.Append(TestModels.Transformer(_ml));
        var path = Path.Combine(_folder, "model.zip");
        var before = model.Transform(raw).GetColumn<float>("Score").ToArray();

        _ml.Model.Save(model, raw.Schema, path);
        var loaded = TwoTowerModel.Load(new MLContext(seed: 2), path, out var schema);

        Assert.IsNotType<TwoTowerTransformer>(loaded); // the saved chain of built-ins (with the fast Transform), not our type
        Assert.Equal(raw.Schema.Select(c => c.Name), schema.Select(c => c.Name));
        var after = loaded.Transform(raw).GetColumn<float>("Score").ToArray();
        Assert.Equal(before.Select(BitConverter.SingleToInt32Bits), after.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void SaveLoad_PredictionEngineOnLoadedModel_MatchesTransform()
    {
        var (featurizer, raw) = RawPipeline.Fit(_ml);
        var path = Path.Combine(_folder, "model.zip");
        _ml.Model.Save(featurizer.Append(TestModels.Transformer(_ml)), raw.Schema, path);
        var ml = new MLContext(seed: 2);
        var loaded = TwoTowerModel.Load(ml, path, out _);

        var engine = ml.Model.CreatePredictionEngine<RawPipeline.RawRow, TwoTowerTransformerTests.ScorePrediction>(loaded);
        var single = RawPipeline.Rows().Select(r => engine.Predict(r).Score);

        Assert.Equal(loaded.Transform(raw).GetColumn<float>("Score"), single);
    }

    [Fact]
    public void TowerSavedOnItsOwn_LoadsAndEmbedsTheSame()
    {
        var model = TestModels.Transformer(_ml);
        var data = TestModels.Load(_ml, TestModels.Rows());
        var path = Path.Combine(_folder, "item_tower.zip");
        var expected = model.ItemTower.Transform(data).GetColumn<float[]>("ItemEmbedding").ToArray();

        _ml.Model.Save(model.ItemTower, data.Schema, path);
        var loaded = TwoTowerModel.Load(new MLContext(seed: 2), path, out _);

        var output = loaded.Transform(data);
        Assert.Null(output.Schema.GetColumnOrNull("UserEmbedding"));
        Assert.Equal(expected, output.GetColumn<float[]>("ItemEmbedding").ToArray());
    }

    [Fact]
    public void UserTower_ReadsOnlyUserColumns()
    {
        var model = TestModels.Transformer(_ml);
        var users = _ml.Transforms.SelectColumns("UserKey", "UserFeatures").Fit(TestModels.Load(_ml, TestModels.Rows()))
            .Transform(TestModels.Load(_ml, TestModels.Rows()));

        var output = model.UserTower.Transform(users);

        Assert.Equal(["UserKey", "UserFeatures", "UserEmbedding"], output.Schema.Where(c => !c.IsHidden).Select(c => c.Name));
    }
}
