using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Tests.Training;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Tests.Modeling;

[Collection(TorchCollection.Name)]
public class HistoryEmbeddingTests
{
    private const int Users = 4;
    private const int Items = 5;
    private const int Width = 3;

    // User 1: items 2, 4 (4 twice); user 2: item 1; user 3: items 1, 3, 5; user 4 has no pairs.
    private static readonly int[] PairUsers = [1, 1, 1, 2, 3, 3, 3];
    private static readonly int[] PairItems = [4, 2, 4, 1, 5, 1, 3];

    private static KeyHistory History() => KeyHistory.FromPairs(PairUsers, PairItems, Users, Items);

    private static TowerArchitecture Architecture(float idDropout = 0f) =>
        new(Width, [6, 4], DropoutRate: 0f, LeakyReluSlope: 0.01f, ActivateOutputLayer: false, NormalizeOutput: true,
            BatchNormEpsilon: 1e-5f, IdEmbeddingSize: 2, IdKeyCount: Users, IdDropoutRate: idDropout,
            HistoryEmbeddingSize: 3, HistoryItemKeyCount: Items);

    [Fact]
    public void FromPairs_DistinctSortedItemsPerUser_RowZeroAndUnseenEmpty()
    {
        var history = History();

        Assert.Equal([2, 4], history.Items(1).ToArray());
        Assert.Equal([1], history.Items(2).ToArray());
        Assert.Equal([1, 3, 5], history.Items(3).ToArray());
        Assert.Empty(history.Items(4).ToArray());
        Assert.Empty(history.Items(0).ToArray());
        Assert.Equal(Users, history.KeyCount);
    }

    [Fact]
    public void FromPairs_KeyOutOfRange_SaysWhichPair()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => KeyHistory.FromPairs([1, 9], [1, 1], Users, Items));

        Assert.Contains("Pair 1 (9, 1)", error.Message);
    }

    [Fact]
    public void Gather_WeightsOneOverRootN_WithheldItemLeftOutAndRenormalised()
    {
        var rows = History().Gather([3, 3, 2, 4, 1], withheld: [0, 5, 1, 2, 3], CPU);
        using var dense = rows.ToDense();
        var values = dense.data<float>().ToArray();
        float At(int row, int item) => values[row * (Items + 1) + item];

        // Row 0: user 3 whole (n = 3). Row 1: user 3 without its target 5 (n = 2). Row 2: user 2's only item is its
        // target: no history. Row 3: user 4 has none. Row 4: user 1's target 3 is not in its history: n = 2.
        Assert.Equal(Items + 1, rows.Width);
        Assert.Equal(5, rows.BatchSize);
        Assert.Equal(1 / MathF.Sqrt(3), At(0, 1), 6);
        Assert.Equal(1 / MathF.Sqrt(3), At(0, 5), 6);
        Assert.Equal([1 / MathF.Sqrt(2), 0f, 1 / MathF.Sqrt(2), 0f], [At(1, 1), At(1, 2), At(1, 3), At(1, 5)]);
        Assert.All(Enumerable.Range(0, Items + 1), item => Assert.Equal(0f, At(2, item)));
        Assert.All(Enumerable.Range(0, Items + 1), item => Assert.Equal(0f, At(3, item)));
        Assert.Equal([1 / MathF.Sqrt(2), 1 / MathF.Sqrt(2)], [At(4, 2), At(4, 4)]);
    }

    [Fact]
    public void Tower_HistoryWithoutIdTableOrMismatchedHistory_Refused()
    {
        Assert.Throws<ArgumentException>(() => new Tower("user_tower", Architecture() with { IdEmbeddingSize = 0 }, keyHistory: History()));
        var error = Assert.Throws<ArgumentException>(() => new Tower("user_tower", Architecture(),
            keyHistory: KeyHistory.FromPairs([1], [1], Users + 1, Items)));
        Assert.Contains("needs the history of its 4 keys over 5 items", error.Message);
    }

    [Fact]
    public void Embed_WithheldItem_IsTheSameAsAHistoryWithoutIt()
    {
        // User 3 leaving out item 5 must embed as a user whose history is items 1 and 3 only.
        manual_seed(5);
        using var tower = new Tower("user_tower", Architecture(), keyHistory: History());
        using var shorter = new Tower("user_tower", Architecture(), keyHistory: KeyHistory.FromPairs([3, 3], [1, 3], Users, Items));
        shorter.load_state_dict(tower.state_dict());
        tower.eval();
        shorter.eval();
        using var features = ones(1, Width);
        using var key = tensor(new[] { 3 });

        using var withheld = tower.Embed(features, key, withheld: [5]);
        using var whole = tower.Embed(features, key);
        using var expected = shorter.Embed(features, key);

        Assert.Equal(expected.data<float>().ToArray(), withheld.data<float>().ToArray());
        Assert.NotEqual(whole.data<float>().ToArray(), withheld.data<float>().ToArray());
    }

    [Fact]
    public void IdDropout_DropsTheHistoryWithTheId()
    {
        // A dropped key reads the unknown row and no history, exactly what a new user reads.
        manual_seed(6);
        using var tower = new Tower("user_tower", Architecture(idDropout: 0.5f), keyHistory: History());
        using var keys = full(64, 3, ScalarType.Int32);
        using var unknownKeys = zeros(64, ScalarType.Int32);
        tower.train();
        var dropped = 0;
        using (no_grad())
        {
            using var parts = tower.IdRows(keys);
            tower.eval();
            using var unknown = tower.IdRows(unknownKeys);
            using var known = tower.IdRows(keys);
            for (var r = 0; r < 64; r++)
            {
                using var asUnknown = parts[r].eq(unknown[r]).all();
                using var asKnown = parts[r].eq(known[r]).all();
                Assert.True(asUnknown.item<bool>() || asKnown.item<bool>(), $"Row {r} is neither the whole known part nor the unknown one.");
                if (asUnknown.item<bool>())
                    dropped++;
            }
            Assert.Equal(new float[3], unknown[0].narrow(0, 2, 3).data<float>().ToArray());
        }

        Assert.InRange(dropped, 16, 48);
    }

    [Fact]
    public void ExportedTower_FoldsHistoryIntoIdRows_TransformerMatchesTorch()
    {
        // The history vector is a constant per known user, so the export carries it in the user's id row: the ONNX
        // transformer then reads no new input and must still give the torch embeddings, for users with a history,
        // one without (4) and the missing key.
        manual_seed(7);
        using var userTower = new Tower("user_tower", Architecture(), keyHistory: History());
        using var itemTower = new Tower("item_tower", Architecture() with
        {
            IdKeyCount = Items, HistoryEmbeddingSize = 0, HistoryItemKeyCount = 0,
        });
        var random = new Random(8);
        var rows = Enumerable.Range(0, 10).Select(r => new InteractionRow
        {
            UserId = (uint)(r % (Users + 1)), // value Users is out of range: the missing key 0
            ItemId = (uint)(r % Items),
            UserFeatures = Enumerable.Range(0, Width).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray(),
            ItemFeatures = Enumerable.Range(0, Width).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray(),
        }).ToList();
        using var userFeatures = tensor(rows.SelectMany(r => r.UserFeatures).ToArray(), [rows.Count, Width]);
        using var userKeys = tensor(rows.Select(r => r.UserId >= Users ? 0 : (int)r.UserId + 1).ToArray());
        userTower.train();
        userTower.Embed(userFeatures, userKeys, rows.Select(r => (int)r.ItemId + 1).ToArray()).Dispose();
        userTower.eval();
        itemTower.eval();
        using var expectedUsers = userTower.Embed(userFeatures, userKeys);
        var ml = new MLContext(seed: 1);
        var parameters = InteractionRows.Parameters(userTower.ExportWeights(), itemTower.ExportWeights(), Users, Items);

        var scored = new TwoTowerTransformer(ml, parameters).Transform(InteractionRows.ToDataView(ml, rows, Users, Items, Width, Width));

        Assert.Equal(2 + 3, parameters.UserTower.IdEmbedding!.Dimension);
        var users = scored.GetColumn<float[]>("UserEmbedding").SelectMany(v => v).ToArray();
        var expected = expectedUsers.data<float>().ToArray();
        Assert.Equal(expected.Length, users.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - users[i]) <= 1e-5f, $"Coordinate {i}: torch {expected[i]}, transformer {users[i]}.");
    }
}
