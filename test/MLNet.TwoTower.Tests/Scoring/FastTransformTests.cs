using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Persistence;
using MLNet.TwoTower.Scoring;
using MLNet.TwoTower.Tests.Persistence;

namespace MLNet.TwoTower.Tests.Scoring;

/// <summary>
/// The fast <c>Transform</c> of a fitted model and of <see cref="TwoTowerModel.Load"/> (towers cached per distinct key and
/// features, graphs run without ML.NET's per-row ONNX plumbing) against the saved chain of built-ins as
/// <c>ml.Model.Load</c> restores it, which runs every graph through <c>OnnxTransformer</c>: every value bit-identical.
/// </summary>
public sealed class FastTransformTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TempFolder _temp = new("twotower-fast-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Transform_RepeatedAndChangedEntities_BitIdenticalToReloadedChain()
    {
        using var model = TestModels.Transformer(_ml);
        var data = TestModels.Load(_ml, RepeatingRows());
        var chain = SavedChain(model, data.Schema);

        var fast = model.Transform(data);

        AssertSameColumns(chain.Transform(data), fast);
    }

    [Fact]
    public void TwoTowerModelLoad_TransformsFast_BitIdenticalToMLNetLoad()
    {
        using var model = TestModels.Transformer(_ml);
        var data = TestModels.Load(_ml, RepeatingRows());
        var path = _temp.File("model.zip");
        _ml.Model.Save(model, data.Schema, path);

        var loaded = TwoTowerModel.Load(new MLContext(seed: 2), path, out _);

        Assert.IsType<LoadedModel>(loaded);
        AssertSameColumns(new MLContext(seed: 3).Model.Load(path, out _).Transform(data), loaded.Transform(data));
        ((IDisposable)loaded).Dispose();
    }

    [Fact]
    public void LoadedModel_SavedAgain_GivesTheSameScores()
    {
        using var model = TestModels.Transformer(_ml);
        var data = TestModels.Load(_ml, RepeatingRows());
        var first = _temp.File("first.zip");
        var second = _temp.File("second.zip");
        _ml.Model.Save(model, data.Schema, first);
        var loaded = TwoTowerModel.Load(_ml, first, out var schema);

        _ml.Model.Save(loaded, schema, second);

        AssertSameColumns(_ml.Model.Load(first, out _).Transform(data), _ml.Model.Load(second, out _).Transform(data));
        ((IDisposable)loaded).Dispose();
    }

    [Fact]
    public void PredictionEngine_OnFittedModel_MatchesFastTransform()
    {
        using var model = TestModels.Transformer(_ml);
        var rows = RepeatingRows();
        var engine = _ml.Model.CreatePredictionEngine<TestModels.Row, TwoTowerTransformerTests.ScorePrediction>(model);

        var single = rows.Select(r => engine.Predict(r).Score);

        Assert.Equal(Bits(model.Transform(TestModels.Load(_ml, rows)).GetColumn<float>("Score")), Bits(single));
    }

    [Fact]
    public void Transform_Schema_IsTheChainsSchema()
    {
        using var model = TestModels.Transformer(_ml);
        var data = TestModels.Load(_ml, RepeatingRows());

        var fast = model.Transform(data).Schema;
        var chain = model.Chain.Transform(data).Schema;

        Assert.Equal(chain.Select(c => (c.Name, c.Type, c.IsHidden)), fast.Select(c => (c.Name, c.Type, c.IsHidden)));
        Assert.Equal(model.GetOutputSchema(data.Schema).Select(c => (c.Name, c.Type)), fast.Select(c => (c.Name, c.Type)));
    }

    [Fact]
    public void Transform_ManyRows_TowerCachesKeepHitting_StaysBitIdentical()
    {
        // 3,000 rows: past the cache's trial of 1,024 lookups, which the towers' caches (6 users, 5 items, every 7th
        // user row with new features) pass and keep hitting; the score graph runs in batches of 256.
        using var model = TestModels.Transformer(_ml);
        var rows = Enumerable.Range(0, 100).SelectMany(_ => RepeatingRows()).ToArray();
        var random = new Random(5);
        foreach (var row in rows.Where((_, i) => i % 7 == 0))
            row.UserFeatures = TestModels.Values(random, TestModels.UserFeatureSize);
        var data = TestModels.Load(_ml, rows);

        AssertSameColumns(SavedChain(model, data.Schema).Transform(data), model.Transform(data));
    }

    [Fact]
    public void Transform_UserFeaturesNeverRepeat_UserTowerCacheSwitchesOff_StaysBitIdentical()
    {
        // Every row's user features are new, so after its 1,024-lookup trial the user tower's cache (no hits) is
        // switched off and its outputs are used straight from the runner's buffers; the item tower's keeps hitting.
        using var model = TestModels.Transformer(_ml);
        var rows = Enumerable.Range(0, 100).SelectMany(_ => RepeatingRows()).ToArray();
        var random = new Random(6);
        foreach (var row in rows)
            row.UserFeatures = TestModels.Values(random, TestModels.UserFeatureSize);
        var data = TestModels.Load(_ml, rows);

        Assert.True(rows.Length > 2 * RowOutputCache.TrialLookups);
        AssertSameColumns(SavedChain(model, data.Schema).Transform(data), model.Transform(data));
    }

    [Fact]
    public void Transform_ScoreReadOnSomeRowsOnly_SkippedRowsAndBatchesDoNotShiftTheScores()
    {
        // The score graph runs in batches of 256 read ahead by a second cursor: rows whose score is never read, and
        // whole batches of them, must be passed over without misaligning the batches with the consumer's rows.
        using var model = TestModels.Transformer(_ml);
        var data = TestModels.Load(_ml, [.. Enumerable.Range(0, 40).SelectMany(_ => RepeatingRows())]);
        var expected = SavedChain(model, data.Schema).Transform(data).GetColumn<float>("Score").ToArray();
        static bool Read(long row) => row % 7 == 3 || row is >= 900 and < 1000 || row == 1300;

        var scored = model.Transform(data);
        var column = scored.Schema["Score"];
        var actual = new List<(long Row, float Score)>();
        using (var cursor = scored.GetRowCursor([column]))
        {
            var getter = cursor.GetGetter<float>(column);
            var value = 0f;
            while (cursor.MoveNext())
                if (Read(cursor.Position))
                {
                    getter(ref value);
                    actual.Add((cursor.Position, value));
                }
        }

        Assert.True(expected.Length > 1300);
        Assert.Equal(Bits(actual.Select(a => expected[a.Row])), Bits(actual.Select(a => a.Score)));
    }

    [Fact]
    public void Transform_ShuffledCursor_GivesTheChainsScoresForTheSameRows()
    {
        // A shuffled cursor cannot be matched row for row by a second cursor, so it scores one row at a time.
        using var model = TestModels.Transformer(_ml);
        var data = _ml.Data.Cache(TestModels.Load(_ml, [.. Enumerable.Range(0, 10).SelectMany(_ => RepeatingRows())]));
        var expected = SavedChain(model, data.Schema).Transform(data).GetColumn<float>("Score").ToArray();

        var scored = model.Transform(data);
        var score = scored.Schema["Score"];
        var shuffled = new List<float>();
        using (var cursor = scored.GetRowCursor([score], new Random(3)))
        {
            var getter = cursor.GetGetter<float>(score);
            var value = 0f;
            while (cursor.MoveNext())
            {
                getter(ref value);
                shuffled.Add(value);
            }
        }

        Assert.NotEqual(Bits(expected), Bits(shuffled));
        Assert.Equal(Bits(expected).Order(), Bits(shuffled).Order());
    }

    /// <summary>
    /// Every user with every item, twice over (the same key with the same features repeats), then user 1 and item 2
    /// with other feature values (a cache keyed by the key alone would return their first embedding), then the
    /// missing user key.
    /// </summary>
    private static TestModels.Row[] RepeatingRows()
    {
        var rows = TestModels.Rows();
        var changed = TestModels.Rows(seed: 12)
            .Where(r => r.UserKey == 1 || r.ItemKey == 2)
            .Select(r => new TestModels.Row
            {
                UserKey = r.UserKey, ItemKey = r.ItemKey, UserFeatures = r.UserFeatures, ItemFeatures = r.ItemFeatures,
                Rating = r.Rating,
            });
        return [.. rows, .. rows, .. changed];
    }

    private ITransformer SavedChain(ITransformer model, DataViewSchema schema)
    {
        var path = _temp.File($"chain-{Guid.NewGuid():N}.zip");
        _ml.Model.Save(model, schema, path);
        var chain = new MLContext(seed: 4).Model.Load(path, out _);
        Assert.IsType<TransformerChain<ITransformer>>(chain);
        return chain;
    }

    private static void AssertSameColumns(IDataView expected, IDataView actual)
    {
        Assert.Equal(Bits(expected.GetColumn<float>("Score")), Bits(actual.GetColumn<float>("Score")));
        foreach (var column in new[] { "UserEmbedding", "ItemEmbedding" })
            Assert.Equal(Bits(expected.GetColumn<float[]>(column).SelectMany(v => v)),
                Bits(actual.GetColumn<float[]>(column).SelectMany(v => v)));
    }

    private static int[] Bits(IEnumerable<float> values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
