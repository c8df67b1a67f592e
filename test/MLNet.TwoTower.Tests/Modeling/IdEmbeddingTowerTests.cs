using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Tests.Training;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Modeling;

[Collection(TorchCollection.Name)]
public class IdEmbeddingTowerTests
{
    private const int Users = 5;
    private const int Items = 4;
    private const int Width = 3;

    private static TowerArchitecture Architecture(int keyCount, int featureSize = Width, float idDropout = 0f) =>
        new(featureSize, [6, 4], DropoutRate: 0f, LeakyReluSlope: 0.01f, ActivateOutputLayer: false,
            NormalizeOutput: true, BatchNormEpsilon: 1e-5f, IdEmbeddingSize: 2, IdKeyCount: keyCount,
            IdDropoutRate: idDropout);

    [Fact]
    public void ExportedTowers_ThroughTransformer_MatchTorchForward()
    {
        // Both towers read features ‖ id row. A training-mode pass moves the batch-norm running statistics off their
        // defaults, so the export path of every part is exercised; then the real TwoTowerTransformer (ONNX) must give
        // the torch eval-mode embeddings, including for a key outside the key type (the missing key 0, row 0).
        manual_seed(3);
        using var userTower = new Tower("user_tower", Architecture(Users));
        using var itemTower = new Tower("item_tower", Architecture(Items));
        var random = new Random(4);
        // Member value v is key v + 1; value Users (out of range) becomes the missing key 0.
        var rows = Enumerable.Range(0, 8).Select(r => new InteractionRow
        {
            UserId = (uint)(r == 7 ? Users : r % Users),
            ItemId = (uint)(r % Items),
            UserFeatures = Enumerable.Range(0, Width).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray(),
            ItemFeatures = Enumerable.Range(0, Width).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray(),
        }).ToList();
        var userKeys = rows.Select(r => r.UserId >= Users ? 0L : r.UserId + 1L).ToArray();
        var itemKeys = rows.Select(r => r.ItemId + 1L).ToArray();
        using var userFeatures = tensor(rows.SelectMany(r => r.UserFeatures).ToArray(), [rows.Count, Width]);
        using var itemFeatures = tensor(rows.SelectMany(r => r.ItemFeatures).ToArray(), [rows.Count, Width]);
        using var userKeyTensor = tensor(userKeys);
        using var itemKeyTensor = tensor(itemKeys);
        userTower.train();
        itemTower.train();
        userTower.Embed(userFeatures, userKeyTensor).Dispose();
        itemTower.Embed(itemFeatures, itemKeyTensor).Dispose();
        userTower.eval();
        itemTower.eval();
        using var expectedUsers = userTower.Embed(userFeatures, userKeyTensor);
        using var expectedItems = itemTower.Embed(itemFeatures, itemKeyTensor);
        var parameters = InteractionRows.Parameters(userTower.ExportWeights(), itemTower.ExportWeights(), Users, Items);
        var ml = new MLContext(seed: 1);
        var data = InteractionRows.ToDataView(ml, rows, Users, Items, Width, Width);

        var scored = new TwoTowerTransformer(ml, parameters).Transform(data);

        var users = scored.GetColumn<float[]>("UserEmbedding").SelectMany(v => v).ToArray();
        var items = scored.GetColumn<float[]>("ItemEmbedding").SelectMany(v => v).ToArray();
        var scores = scored.GetColumn<float>("Score").ToArray();
        Assert.Equal(expectedUsers.data<float>().ToArray(), users, new Tolerance(1e-5f));
        Assert.Equal(expectedItems.data<float>().ToArray(), items, new Tolerance(1e-5f));
        using var dots = expectedUsers.mul(expectedItems).sum(1);
        Assert.Equal(dots.data<float>().ToArray(), scores, new Tolerance(1e-5f));
    }

    [Fact]
    public void Embed_Training_IdDropoutReplacesIdsWithUnknownRow()
    {
        // An id-only tower with dropout 0.5: in training, about half the keys read row 0, so several rows of a batch
        // of one repeated key give the row-0 embedding; in evaluation none do.
        manual_seed(2);
        using var tower = new Tower("item_tower", Architecture(Items, featureSize: 0, idDropout: 0.5f));
        using var noFeatures = zeros(64, 0);
        using var keys = full(64, 3L, ScalarType.Int64);
        using var unknownKeys = zeros(64, ScalarType.Int64);
        tower.eval();
        using var unknown = tower.Embed(noFeatures, unknownKeys);
        using var known = tower.Embed(noFeatures, keys);
        tower.train();
        // Batch normalisation in training mode would mix rows; compare the id lookups themselves instead.
        var dropped = 0;
        using (no_grad())
        {
            using var embedded = tower.IdRows(keys);
            using var rowZero = tower.IdRows(unknownKeys);
            for (var r = 0; r < 64; r++)
            {
                using var same = embedded[r].eq(rowZero[r]).all();
                if (same.item<bool>())
                    dropped++;
            }
        }

        Assert.InRange(dropped, 16, 48);
        Assert.NotEqual(unknown.data<float>().ToArray()[..4], known.data<float>().ToArray()[..4]);
    }

    private sealed class Tolerance(float epsilon) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(float value) => 0;
    }
}
