using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Tests.Training;
using Xunit.Abstractions;

namespace MLNet.TwoTower.Tests.Persistence;

/// <summary>
/// The real trainer's weights through the persistence path: the ONNX towers compute what a plain float forward pass
/// computes from the same <see cref="Modeling.TowerWeights"/>, and the saved model reloads with the same bits.
/// </summary>
public sealed class TrainedModelPersistenceTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new("twotower-trained-");

    private string _folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void TrainedModel_OnnxMatchesReferenceAndReloadsBitIdentical()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerFixture.ClusteredData(ml);
        var model = ml.Ranking.Trainers.TwoTower(TrainerFixture.SmallOptions(epochs: 2)).Fit(data);
        var scored = model.Transform(data);
        var p = model.Parameters;

        var largest = 0f;
        foreach (var (tower, features, key, embedding) in new[]
        {
            (p.UserTower, p.UserFeaturesColumnName, p.UserIdColumnName, "UserEmbedding"),
            (p.ItemTower, p.ItemFeaturesColumnName, p.ItemIdColumnName, "ItemEmbedding"),
        })
        {
            var inputs = scored.GetColumn<float[]>(features!).ToArray();
            var keys = scored.GetColumn<uint>(key).ToArray();
            var actual = scored.GetColumn<float[]>(embedding).ToArray();
            for (var r = 0; r < actual.Length; r++)
            {
                var expected = ReferenceTower.Forward(tower, inputs[r], keys[r]);
                for (var d = 0; d < expected.Length; d++)
                    largest = Math.Max(largest, Math.Abs(expected[d] - actual[r][d]));
            }
        }
        output.WriteLine($"max |ONNX − reference| over both trained towers: {largest:g3}");
        Assert.InRange(largest, 0f, 1e-5f);

        var path = Path.Combine(_folder, "model.zip");
        ml.Model.Save(model, data.Schema, path);
        var reloaded = TwoTowerModel.Load(new MLContext(seed: 3), path, out _).Transform(data).GetColumn<float>("Score");
        Assert.Equal(scored.GetColumn<float>("Score").Select(BitConverter.SingleToInt32Bits),
            reloaded.Select(BitConverter.SingleToInt32Bits));
    }
}
