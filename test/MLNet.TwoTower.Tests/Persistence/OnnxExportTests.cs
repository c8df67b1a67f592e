using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace MLNet.TwoTower.Tests.Persistence;

public sealed class OnnxExportTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TempFolder _temp = new("twotower-export-");

    private string _folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ExportOnnx_RunInOnnxRuntimeAsOneBatch_MatchesTransformerEmbeddings()
    {
        var model = TestModels.Transformer(_ml);
        var rows = TestModels.Rows();
        var scored = model.Transform(TestModels.Load(_ml, rows));
        var expectedUsers = scored.GetColumn<float[]>("UserEmbedding").SelectMany(e => e).ToArray();
        var expectedItems = scored.GetColumn<float[]>("ItemEmbedding").SelectMany(e => e).ToArray();
        var userKeys = TestModels.RawKeys(scored, "UserKey").Select(k => (long)k).ToArray();
        var (userPath, itemPath) = (Path.Combine(_folder, "user_tower.onnx"), Path.Combine(_folder, "item_tower.onnx"));

        model.ExportOnnx(userPath, itemPath);

        // All 31 rows in one call: the batch dimension is real, not fixed at 1.
        var users = OnnxRunner.Run(File.ReadAllBytes(userPath), "UserEmbedding",
            ("UserFeatures", rows.Select(r => r.UserFeatures).ToArray()), ("UserKey", userKeys));
        var items = OnnxRunner.Run(File.ReadAllBytes(itemPath), "ItemEmbedding",
            ("ItemFeatures", rows.Select(r => r.ItemFeatures).ToArray()), null);
        Assert.Equal(expectedUsers, users, (a, b) => Math.Abs(a - b) <= 1e-6f);
        Assert.Equal(expectedItems, items, (a, b) => Math.Abs(a - b) <= 1e-6f);
    }

    [Fact]
    public void ExportOnnx_InputsAreNamedAfterColumnsWithAFreeBatchDimension()
    {
        var (userPath, itemPath) = (Path.Combine(_folder, "u.onnx"), Path.Combine(_folder, "i.onnx"));

        TestModels.Transformer(_ml).ExportOnnx(userPath, itemPath);

        using var user = new InferenceSession(userPath);
        Assert.Equal([-1, TestModels.UserFeatureSize], user.InputMetadata["UserFeatures"].Dimensions);
        Assert.Equal([-1], user.InputMetadata["UserKey"].Dimensions);
        Assert.Equal(typeof(long), user.InputMetadata["UserKey"].ElementType);
        Assert.Equal([-1, TestModels.EmbeddingSize], user.OutputMetadata["UserEmbedding"].Dimensions);
        using var item = new InferenceSession(itemPath);
        Assert.Equal(["ItemFeatures"], item.InputMetadata.Keys); // this item tower has no id table
    }

    [Fact]
    public void ExportOnnx_SamePathForBothTowers_Throws()
    {
        var path = Path.Combine(_folder, "tower.onnx");

        var error = Assert.Throws<ArgumentException>(() => TestModels.Transformer(_ml).ExportOnnx(path, path));

        Assert.Equal("itemTowerPath", error.ParamName);
        Assert.False(File.Exists(path));
    }
}
