using Microsoft.ML;
using MLNet.TwoTower.Retrieval;
using static MLNet.TwoTower.Tests.Retrieval.RetrievalFixtures;

namespace MLNet.TwoTower.Tests.Retrieval;

public sealed class ItemIndexPersistenceTests : IDisposable
{
    private readonly TempFolder _temp = new("item-index-tests");
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _temp.Dispose();

    private string PathOf(string name) => _temp.File(name);

    [Theory]
    [InlineData(ItemIndexKind.Exact, true)]
    [InlineData(ItemIndexKind.Hnsw, true)]
    [InlineData(ItemIndexKind.Hnsw, false)]
    public void SaveThenLoad_SameModel_GivesSameResults(ItemIndexKind kind, bool memoryMap)
    {
        var items = ClusteredUnitVectors(500, 8, clusters: 10, seed: 31);
        var queries = RandomUnitVectors(20, 8, seed: 32);
        var (data, model) = Catalogue(_ml, items);
        var path = PathOf("model.zip.items");
        ScoredItem[][] before;
        using (var index = _ml.Ranking.BuildItemIndex(model, data, kind: kind))
        {
            before = index.Search(queries, 10);
            index.Save(path);
        }

        using var loaded = _ml.Ranking.LoadItemIndex(path, model, data.Schema, memoryMap: memoryMap);

        Assert.Equal(kind, loaded.Kind);
        Assert.Equal(500, loaded.Count);
        Assert.Equal(8, loaded.Dimension);
        var after = loaded.Search(queries, 10);
        for (int q = 0; q < queries.Length; q++)
            Assert.Equal(before[q], after[q]);
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Theory]
    [InlineData(ItemIndexKind.Exact)]
    [InlineData(ItemIndexKind.Hnsw)]
    public void Load_ModelWithDifferentEmbeddingWidth_ThrowsNamingBothWidths(ItemIndexKind kind)
    {
        var (data, model) = Catalogue(_ml, RandomUnitVectors(40, 8, seed: 1));
        var path = PathOf("index");
        using (var index = _ml.Ranking.BuildItemIndex(model, data, kind: kind))
            index.Save(path);
        var (otherData, otherModel) = Catalogue(_ml, RandomUnitVectors(40, 6, seed: 1));

        var error = Assert.Throws<ArgumentException>(() => _ml.Ranking.LoadItemIndex(path, otherModel, otherData.Schema));

        Assert.Contains("8-wide", error.Message);
        Assert.Contains("is 6 wide", error.Message);
    }

    [Fact]
    public void Load_ModelWithDifferentItemSet_ThrowsSayingRebuild()
    {
        // Same width, but the model's item key dictionary has 41 items instead of 40: keys would name other items.
        var (data, model) = Catalogue(_ml, RandomUnitVectors(40, 8, seed: 1));
        var path = PathOf("index");
        using (var index = _ml.Ranking.BuildItemIndex(model, data))
            index.Save(path);
        var (otherData, otherModel) = Catalogue(_ml, RandomUnitVectors(40, 8, seed: 1), keyCount: 41);

        var error = Assert.Throws<ArgumentException>(() => _ml.Ranking.LoadItemIndex(path, otherModel, otherData.Schema));

        Assert.Contains("different item set", error.Message);
        Assert.Contains("Rebuild", error.Message);
    }

    [Theory]
    [InlineData(ItemIndexKind.Exact, 20)]
    [InlineData(ItemIndexKind.Exact, 200)]
    [InlineData(ItemIndexKind.Exact, -100)]
    [InlineData(ItemIndexKind.Hnsw, 30)]
    [InlineData(ItemIndexKind.Hnsw, -1)]
    [InlineData(ItemIndexKind.Hnsw, -5000)]
    public void Load_TruncatedFile_ThrowsInvalidDataSayingTruncated(ItemIndexKind kind, int keepBytes)
    {
        // keepBytes ≥ 0 keeps that many leading bytes (cut inside the header or item table); < 0 drops that many
        // trailing bytes (cut inside the vectors or the HNSW graph). Either must be a managed error, not a crash.
        var (data, model) = Catalogue(_ml, RandomUnitVectors(300, 8, seed: 2));
        var path = PathOf("index");
        using (var index = _ml.Ranking.BuildItemIndex(model, data, kind: kind))
            index.Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, keepBytes >= 0 ? bytes[..keepBytes] : bytes[..(bytes.Length + keepBytes)]);

        var error = Assert.Throws<InvalidDataException>(() => _ml.Ranking.LoadItemIndex(path, model, data.Schema));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Load_ForeignFile_ThrowsInvalidDataSayingNotAnIndex()
    {
        var (data, model) = Catalogue(_ml, RandomUnitVectors(10, 4, seed: 3));
        var path = PathOf("model.zip");
        File.WriteAllText(path, "PK this is a zip, not an index, and long enough to fill a header............");

        var error = Assert.Throws<InvalidDataException>(() => _ml.Ranking.LoadItemIndex(path, model, data.Schema));

        Assert.Contains("not an item index file", error.Message);
    }

    [Fact]
    public void Save_OverExistingFile_ReplacesItAndLeavesNoTemporaries()
    {
        var (small, smallModel) = Catalogue(_ml, RandomUnitVectors(10, 4, seed: 4));
        var (large, largeModel) = Catalogue(_ml, RandomUnitVectors(30, 4, seed: 5));
        var path = PathOf("index");
        using (var first = _ml.Ranking.BuildItemIndex(smallModel, small, kind: ItemIndexKind.Hnsw))
            first.Save(path);
        using (var second = _ml.Ranking.BuildItemIndex(largeModel, large, kind: ItemIndexKind.Hnsw))
            second.Save(path);

        using var loaded = _ml.Ranking.LoadItemIndex(path, largeModel, large.Schema);

        Assert.Equal(30, loaded.Count);
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void BuildItemIndex_FromModelLoadedWithModelLoad_MatchesFittedModel()
    {
        // A model reloaded with ml.Model.Load is a plain TransformerChain; retrieval must only need its output columns.
        var items = RandomUnitVectors(60, 4, seed: 6);
        var query = RandomUnitVectors(1, 4, seed: 7)[0];
        var (data, model) = Catalogue(_ml, items);
        var modelPath = PathOf("model.zip");
        _ml.Model.Save(model, data.Schema, modelPath);
        var loadedModel = _ml.Model.Load(modelPath, out _);

        using var fromFitted = _ml.Ranking.BuildItemIndex(model, data);
        using var fromLoaded = _ml.Ranking.BuildItemIndex(loadedModel, data);

        Assert.Equal(fromFitted.Search(query, 10), fromLoaded.Search(query, 10));
    }
}
