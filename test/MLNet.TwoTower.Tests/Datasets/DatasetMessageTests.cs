using Microsoft.ML;
using MLNet.TwoTower.Datasets.Csv;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Tests.Datasets;

/// <summary>Issue 15 §6: problems in a dataset folder are reported with the file, line, column and what to do.</summary>
public sealed class DatasetMessageTests
{
    private const string Interactions = "user_id,item_id,rating\nu1,i1,4\nu2,i2,2.5\nu1,i2,5\n";

    private static DatasetFormatException LoadFails(TempFolder folder) =>
        Assert.Throws<DatasetFormatException>(() => DatasetFolder.Load(folder.Path));

    [Fact]
    public void Load_SchemaJsonDeclaresAColumnTwice_NamesFileLineSectionAndKey()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        folder.Write(DatasetFiles.Users, "user_id,zip\nu1,1000\nu2,2000\n");
        folder.Write(DatasetFiles.Schema, "{\n  \"users\": {\n    \"zip\": \"categorical\",\n    \"zip\": \"numeric\"\n  }\n}\n");

        var error = LoadFails(folder);

        Assert.EndsWith(DatasetFiles.Schema, error.FilePath, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
        Assert.Contains("\"users\" declares column 'zip' twice; keep one entry per column.", error.Message);
    }

    [Fact]
    public void Load_SchemaJsonTopLevelKeyTwice_NamesTheKey()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        folder.Write(DatasetFiles.Schema, "{ \"users\": {}, \"users\": {} }");

        var error = LoadFails(folder);

        Assert.EndsWith(DatasetFiles.Schema, error.FilePath, StringComparison.Ordinal);
        Assert.Contains("the key \"users\" appears twice", error.Message);
    }

    [Fact]
    public void Load_TextColumnEmptyInEveryRow_NamesFileAndColumnAndSaysWhatToDo()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        folder.Write(DatasetFiles.Users, "user_id,age,bio\nu1,31,\nu2,45,\"  \"\n");
        folder.Write(DatasetFiles.Schema, "{ \"users\": { \"bio\": \"text\" } }");

        var error = LoadFails(folder);

        Assert.EndsWith(DatasetFiles.Users, error.FilePath, StringComparison.Ordinal);
        Assert.Contains("text column 'bio' is empty in every row", error.Message);
        Assert.Contains("Fill it in, or delete the column", error.Message);
    }

    [Fact]
    public void FeaturizeEntity_TextColumnEmptyInEveryRow_NamesColumnAndSaysWhatToDo()
    {
        // The same table built in code rather than read from a folder: no file to name, the column and the fix.
        var table = new EntityTable(["u1", "u2"], [new FeatureColumn("bio", FeatureKind.Text, ["", " "])]);

        var error = Assert.Throws<ArgumentException>(() =>
            new MLContext(seed: 1).Transforms.FeaturizeEntity(table, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams }));

        Assert.Contains("Text column 'bio' is empty in every row", error.Message);
        Assert.Contains("Fill it in, or leave it out (Options.Columns)", error.Message);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("NaN")]
    [InlineData("1e999")]
    public void Load_NonFiniteNumber_NamesFileLineAndColumn(string value)
    {
        // Before, "Infinity" was read as a number and the trainer rejected the feature vector of data-view row 1.
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        folder.Write(DatasetFiles.Users, $"user_id,age\nu1,31\nu2,{value}\n");
        folder.Write(DatasetFiles.Schema, "{ \"users\": { \"age\": \"numeric\" } }");

        var error = LoadFails(folder);

        Assert.EndsWith(DatasetFiles.Users, error.FilePath, StringComparison.Ordinal);
        // Line 3: "u2," is 3 characters, so the age starts at column 4.
        Assert.Equal((3, 4), (error.Line, error.Column));
        Assert.Contains($"column 'age' must hold finite numbers; found '{value}'", error.Message);
        Assert.Contains("Leave the cell empty for a missing value", error.Message);
    }

    [Fact]
    public void Load_EmptyNumericCell_IsMissingNotAnError()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        folder.Write(DatasetFiles.Users, "user_id,age\nu1,31\nu2,\n");

        var dataset = DatasetFolder.Load(folder.Path);

        Assert.True(float.IsNaN(dataset.Users!.GetColumnOrNull("age")!.GetNumber(1)));
    }

    [Fact]
    public void Featurize_UndeclaredColumnEmptyInEveryRow_Works()
    {
        // An all-empty column nobody declared is inferred categorical and adds nothing; it must not stop featurising.
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        folder.Write(DatasetFiles.Users, "user_id,age,notes\nu1,31,\nu2,45,\n");
        var dataset = DatasetFolder.Load(folder.Path);

        var features = DatasetFeaturizer.Fit(new MLContext(seed: 1), dataset, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });

        Assert.Equal(2, features.Users!.Count);
    }
}
