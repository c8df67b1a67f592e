using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Text;

namespace MLNet.TwoTower.Tests.Datasets;

public sealed class EntityFeaturizerTests
{
    private static EntityTable Users() => new(["u1", "u2", "u3"],
    [
        new FeatureColumn("age", FeatureKind.Numeric, ["20", "", "40"]),
        new FeatureColumn("region", FeatureKind.Categorical, ["north", "south", "north"]),
        new FeatureColumn("genres", FeatureKind.MultiCategorical, ["jazz|rock", "rock", ""]),
        new FeatureColumn("bio", FeatureKind.Text, ["loves jazz", "climbs rocks", "loves jazz records"]),
    ]);

    private static float[][] Vectors(MLContext ml, ITransformer model, IDataView data) =>
        model.Transform(data).GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();

    [Fact]
    public void FeaturizeEntity_NGrams_EncodesEachKindIntoOneVector()
    {
        var ml = new MLContext(seed: 1);
        var table = Users();
        var data = table.ToDataView(ml, DatasetColumns.UserIdText);
        var model = ml.Transforms.FeaturizeEntity(table, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams, NGramMinimumEntityCount = 1 }).Fit(data);
        var vectors = Vectors(ml, model, data);

        Assert.Equal(3, vectors.Length);
        // Layout: age (1) | region one-hot (north, south) | genres bag (jazz, rock) | bio n-grams.
        // age: missing → mean 30; standardised 20, 30, 40 (ML.NET's mean-variance scales by 1/sd without centring
        // by default), so u2 lies between u1 and u3.
        Assert.InRange(vectors[1][0], Math.Min(vectors[0][0], vectors[2][0]), Math.Max(vectors[0][0], vectors[2][0]));
        Assert.Equal([1f, 0f], vectors[0][1..3]);
        Assert.Equal([0f, 1f], vectors[1][1..3]);
        Assert.Equal([1f, 1f], vectors[0][3..5]);
        Assert.Equal([0f, 1f], vectors[1][3..5]);
        Assert.Equal([0f, 0f], vectors[2][3..5]);
        Assert.True(vectors[0].Length > 5);
        Assert.Null(model.GetOutputSchema(data.Schema).GetColumnOrNull("__feature_age"));
    }

    [Theory]
    // bio texts: "loves jazz", "climbs rocks", "loves jazz records". Word unigrams and bigrams:
    //   in 2 of 3 texts: loves, jazz, "loves jazz" → 3 slots;
    //   in 1 text: climbs, rocks, records, "climbs rocks", "jazz records" → 5 more slots.
    // Width = age 1 + region 2 + genres 2 + bio slots.
    [InlineData(1, 5 + 8)]
    [InlineData(2, 5 + 3)]
    public void FeaturizeEntity_NGrams_KeepOnlyNGramsInEnoughEntities(int minimumEntityCount, int expectedWidth)
    {
        var ml = new MLContext(seed: 1);
        var table = Users();
        var data = table.ToDataView(ml, DatasetColumns.UserIdText);
        var options = new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams, NGramMinimumEntityCount = minimumEntityCount };

        var vectors = Vectors(ml, ml.Transforms.FeaturizeEntity(table, options).Fit(data), data);

        Assert.All(vectors, v => Assert.Equal(expectedWidth, v.Length));
    }

    [Fact]
    public void FeaturizeEntity_NGramMinimumBelowOne_Throws()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<ArgumentException>(() =>
            ml.Transforms.FeaturizeEntity(Users(), new EntityFeaturizerOptions { NGramMinimumEntityCount = 0 }));
        Assert.Contains("NGramMinimumEntityCount", error.Message);
    }

    [Fact]
    public void FeaturizeEntity_SaveAndLoadInNewContext_GivesIdenticalVectors()
    {
        var ml = new MLContext(seed: 1);
        var table = Users();
        var data = table.ToDataView(ml, DatasetColumns.UserIdText);
        var model = ml.Transforms.FeaturizeEntity(table, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams }).Fit(data);
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "users.zip");
        ml.Model.Save(model, data.Schema, path);

        var fresh = new MLContext(seed: 9);
        var loaded = fresh.Model.Load(path, out var schema);
        Assert.Equal(data.Schema.Select(c => c.Name), schema.Select(c => c.Name));
        var expected = Vectors(ml, model, data);
        var actual = Vectors(fresh, loaded, table.ToDataView(fresh, DatasetColumns.UserIdText));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    [Fact]
    public void FeaturizeEntity_SentenceEmbedding_AddsUnitLengthTextVectorAndSurvivesSaveLoad()
    {
        var ml = new MLContext(seed: 1);
        var table = new EntityTable(["i1", "i2"],
        [
            new FeatureColumn("price", FeatureKind.Numeric, ["3", "5"]),
            new FeatureColumn("blurb", FeatureKind.Text, ["A cozy mystery novel.", "A guide to trail running."]),
        ]);
        var data = table.ToDataView(ml, DatasetColumns.ItemIdText);
        var options = new EntityFeaturizerOptions { SentenceEmbedding = new SentenceEmbeddingOptions { MaximumTokens = 64 } };
        var model = ml.Transforms.FeaturizeEntity(table, options).Fit(data);
        var vectors = Vectors(ml, model, data);

        // price (1) + MiniLM (384).
        Assert.Equal(385, vectors[0].Length);
        double norm = Math.Sqrt(vectors[0].Skip(1).Sum(v => v * v));
        Assert.Equal(1.0, norm, 1e-4);

        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "items.zip");
        ml.Model.Save(model, data.Schema, path);
        var fresh = new MLContext(seed: 3);
        fresh.ComponentCatalog.RegisterSentenceEmbeddings();
        var loaded = fresh.Model.Load(path, out _);
        Assert.Equal(vectors[1], Vectors(fresh, loaded, data)[1]);
    }

    [Fact]
    public void FeaturizeEntity_UnknownColumnInOptions_NamesItAndTheTableColumns()
    {
        var ml = new MLContext();
        var error = Assert.Throws<ArgumentException>(() =>
            ml.Transforms.FeaturizeEntity(Users(), new EntityFeaturizerOptions { Columns = ["salary"] }));
        Assert.Contains("'salary'", error.Message);
        Assert.Contains("age, region, genres, bio", error.Message);
    }

    [Fact]
    public void UseLog_PositiveSkewedColumn_IsLogged_SymmetricOrNonPositiveIsNot()
    {
        // 1,1,1,1,100: skewness (100 far above the mean 20.8) is about 1.5 > 1.
        var skewed = new FeatureColumn("price", FeatureKind.Numeric, ["1", "1", "1", "1", "100"]);
        var symmetric = new FeatureColumn("age", FeatureKind.Numeric, ["10", "20", "30", "40", "50"]);
        var withZero = new FeatureColumn("count", FeatureKind.Numeric, ["0", "1", "1", "1", "100"]);
        Assert.True(EntityFeaturizerCatalog.UseLog(skewed, 1.0));
        Assert.False(EntityFeaturizerCatalog.UseLog(symmetric, 1.0));
        Assert.False(EntityFeaturizerCatalog.UseLog(withZero, 1.0));
    }

    [Fact]
    public void Options_Defaults_ArePinned()
    {
        var options = new EntityFeaturizerOptions();
        Assert.Equal(("Features", TextFeaturizer.SentenceEmbedding, 1.0), (options.OutputColumnName, options.Text, options.LogSkewness));
        Assert.Null(options.Columns);
        Assert.Null(options.SentenceEmbedding);
    }
}
