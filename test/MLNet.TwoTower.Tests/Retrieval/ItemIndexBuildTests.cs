using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Training;
using static MLNet.TwoTower.Tests.Retrieval.RetrievalFixtures;

namespace MLNet.TwoTower.Tests.Retrieval;

public class ItemIndexBuildTests
{
    private sealed class VariableItemRow
    {
        public uint ItemId { get; set; }

        public float[] ItemEmbedding { get; set; } = [];
    }

    private static IDataView VariableWidthItems(MLContext ml, params (uint Key, float[] Embedding)[] rows)
    {
        var schema = SchemaDefinition.Create(typeof(VariableItemRow));
        schema[nameof(VariableItemRow.ItemId)].ColumnType = new KeyDataViewType(typeof(uint), 10);
        schema[nameof(VariableItemRow.ItemEmbedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single);
        // POCO key value v is ML.NET key v + 1.
        return ml.Data.LoadFromEnumerable(rows.Select(r => new VariableItemRow { ItemId = r.Key - 1, ItemEmbedding = r.Embedding }), schema);
    }

    private static ITransformer PassThrough(MLContext ml, IDataView data) =>
        ml.Transforms.CopyColumns("Unused", "ItemEmbedding").Fit(data);

    [Fact]
    public void Build_NaNEmbedding_ThrowsNamingRowAndColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = VariableWidthItems(ml, (1, [1f, 0f]), (2, [0f, 1f]), (3, [float.NaN, 1f]));

        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.BuildItemIndex(PassThrough(ml, data), data));

        Assert.Contains("'ItemEmbedding' row 2", error.Message);
        Assert.Contains("NaN", error.Message);
    }

    [Fact]
    public void Build_EmbeddingWidthChanges_ThrowsNamingRow()
    {
        var ml = new MLContext(seed: 1);
        var data = VariableWidthItems(ml, (1, [1f, 0f]), (2, [0f, 1f, 0f]));

        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.BuildItemIndex(PassThrough(ml, data), data));

        Assert.Contains("row 1", error.Message);
        Assert.Contains("width 3, expected 2", error.Message);
    }

    [Fact]
    public void Build_DuplicateItemKey_ThrowsNamingBothRows()
    {
        var ml = new MLContext(seed: 1);
        var data = VariableWidthItems(ml, (4, [1f, 0f]), (5, [0f, 1f]), (4, [0.6f, 0.8f]));

        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.BuildItemIndex(PassThrough(ml, data), data));

        Assert.Contains("row 2: item key 4", error.Message);
        Assert.Contains("row 0", error.Message);
    }

    [Fact]
    public void Build_EmbeddingColumnMissing_ThrowsNamingColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = Items(ml, RandomUnitVectors(3, 2, seed: 1));
        var model = ml.Transforms.CopyColumns("Other", "ItemFeatures").Fit(data);

        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.BuildItemIndex(model, data));

        Assert.Contains("'ItemEmbedding' was not found", error.Message);
    }

    [Fact]
    public void Build_KeyColumnNotAKey_ThrowsSuggestingMapValueToKey()
    {
        var ml = new MLContext(seed: 1);
        var data = Items(ml, RandomUnitVectors(3, 2, seed: 1));
        var model = ItemEncoder(ml, data);

        var error = Assert.Throws<ArgumentException>(() =>
            ml.Ranking.BuildItemIndex(model, data, itemIdColumnName: "ItemFeatures"));

        Assert.Contains("MapValueToKey", error.Message);
    }

    [Theory]
    [InlineData(20, 19, ItemIndexKind.Hnsw)]
    [InlineData(20, 20, ItemIndexKind.Exact)]
    public void Build_Auto_ChoosesByCatalogueSize(int items, int exactMax, ItemIndexKind expected)
    {
        var ml = new MLContext(seed: 1);
        var data = Items(ml, RandomUnitVectors(items, 4, seed: 1));

        using var index = ml.Ranking.BuildItemIndex(ItemEncoder(ml, data), data, new ItemIndexOptions { ExactSearchMaxItems = exactMax });

        Assert.Equal(expected, index.Kind);
        Assert.Equal(items, index.Count);
        Assert.Equal(4, index.Dimension);
    }

    [Fact]
    public void Build_KeyWithValues_ResultsCarryOriginalIds()
    {
        // MapValueToKey over ids "m10","m20","m30" gives keys 1,2,3 with those KeyValues; the top hit for (0,1)
        // is item (0,1) = "m20", key 2.
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new { ItemId = "m10", ItemFeatures = new[] { 1f, 0f } },
            new { ItemId = "m20", ItemFeatures = new[] { 0f, 1f } },
            new { ItemId = "m30", ItemFeatures = new[] { 0.6f, 0.8f } },
        }.Select(x => new IdItem { ItemId = x.ItemId, ItemFeatures = x.ItemFeatures }), IdItem.Schema());
        var model = ml.Transforms.Conversion.MapValueToKey("ItemId")
            .Append(ml.Transforms.NormalizeLpNorm("ItemEmbedding", "ItemFeatures")).Fit(data);

        using var index = ml.Ranking.BuildItemIndex(model, data);
        var top = index.Search([0f, 1f], 1)[0];

        Assert.Equal(new ScoredItem(2, "m20", 1f), top);
    }

    [Fact]
    public void Options_Defaults_ArePinned()
    {
        var options = new ItemIndexOptions();

        Assert.Equal("ItemId", options.ItemIdColumnName);
        Assert.Equal("ItemEmbedding", options.ItemEmbeddingColumnName);
        Assert.Equal(ItemIndexKind.Auto, options.Kind);
        Assert.Equal(100_000, options.ExactSearchMaxItems);
        Assert.Equal(16, options.Connectivity);
        Assert.Equal(128, options.ExpansionAdd);
        Assert.Equal(320, options.ExpansionSearch);
        Assert.Equal(1, options.BuildThreads);
        Assert.Equal(0, options.SearchThreads);
        Assert.Equal(4, options.OverFetchFactor);
        Assert.Null(options.Progress);
    }

    [Theory]
    [InlineData(ItemIndexKind.Hnsw, 1)]
    [InlineData(ItemIndexKind.Hnsw, 2)]
    [InlineData(ItemIndexKind.Exact, 1)]
    public void Build_WithProgress_ReportsRisingCountsEndingAtCatalogueSize(ItemIndexKind kind, int buildThreads)
    {
        // 500 items: HNSW reports every 1% (5 items) while adding, then once when done; exact search once. With two
        // adding threads a stale count may be dropped, but the reports must still only rise and end at 500.
        var ml = new MLContext(seed: 1);
        var data = Items(ml, RandomUnitVectors(500, 8, seed: 31));
        var reports = new List<ItemIndexBuildProgress>();

        using var index = ml.Ranking.BuildItemIndex(ItemEncoder(ml, data), data, new ItemIndexOptions
        {
            Kind = kind,
            ItemEmbeddingColumnName = "ItemEmbedding",
            BuildThreads = buildThreads,
            Progress = new SynchronousProgress<ItemIndexBuildProgress>(reports.Add),
        });

        Assert.Equal(new ItemIndexBuildProgress(500, 500), reports[^1]);
        Assert.All(reports, r => Assert.Equal(500, r.ItemCount));
        Assert.All(reports.Zip(reports.Skip(1)), pair => Assert.True(pair.Second.ItemsAdded > pair.First.ItemsAdded,
            $"progress went from {pair.First.ItemsAdded} to {pair.Second.ItemsAdded}"));
        if (kind == ItemIndexKind.Exact)
            Assert.Single(reports);
        else if (buildThreads == 1)
            Assert.Equal(Enumerable.Range(1, 100).Select(i => i * 5), reports.Select(r => r.ItemsAdded));
    }

    [Fact]
    public void Options_SeveralInvalid_ReportedInOneMessage()
    {
        var ml = new MLContext(seed: 1);
        var data = Items(ml, RandomUnitVectors(3, 2, seed: 1));

        var error = Assert.Throws<ArgumentException>(() => ml.Ranking.BuildItemIndex(ItemEncoder(ml, data), data,
            new ItemIndexOptions { Connectivity = 1, ExpansionSearch = 0, OverFetchFactor = 0 }));

        Assert.Contains("Connectivity", error.Message);
        Assert.Contains("ExpansionSearch", error.Message);
        Assert.Contains("OverFetchFactor", error.Message);
    }

    private sealed class IdItem
    {
        public string ItemId { get; set; } = "";

        public float[] ItemFeatures { get; set; } = [];

        public static SchemaDefinition Schema()
        {
            var schema = SchemaDefinition.Create(typeof(IdItem));
            schema[nameof(ItemFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
            return schema;
        }
    }
}
