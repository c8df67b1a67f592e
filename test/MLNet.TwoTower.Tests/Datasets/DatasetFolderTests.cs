using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Datasets.Csv;
using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Tests.Datasets;

public sealed class DatasetFolderTests
{
    private const string Interactions = "user_id,item_id,rating,timestamp\nu1,i1,4,100\nu2,i2,2.5,200\nu1,i2,5,300\n";

    private static DatasetFormatException LoadFails(TempFolder folder, string file) =>
        Assert.Throws<DatasetFormatException>(() => DatasetFolder.Load(folder.Path)) is var e && e.FilePath.EndsWith(file, StringComparison.Ordinal)
            ? e
            : throw new Xunit.Sdk.XunitException($"Expected an error in {file}.");

    [Fact]
    public void Load_QuotedFieldsWithCommasQuotesAndNewlines_ReadsThemExactly()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        folder.Write(DatasetFiles.Items, "item_id,title\r\ni1,\"Cry, the \"\"Beloved\"\" Country\"\r\ni2,\"Two\nlines\"\r\n");
        var dataset = DatasetFolder.Load(folder.Path);

        var title = dataset.Items!.GetColumnOrNull("title")!;
        Assert.Equal("Cry, the \"Beloved\" Country", title.GetRaw(0));
        Assert.Equal("Two\nlines", title.GetRaw(1));
        Assert.Equal(3, dataset.Interactions.Count);
        Assert.Equal(new Interaction("u2", "i2", 2.5f, 200), dataset.Interactions[1]);
    }

    [Fact]
    public void Load_UnclosedQuote_ReportsLineAndColumnWhereTheQuoteOpened()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        // Line 3 opens a quote at column 4 ("i2,") and never closes it.
        folder.Write(DatasetFiles.Items, "item_id,title\ni1,ok\ni2,\"never closed\n");
        var error = LoadFails(folder, DatasetFiles.Items);
        Assert.Equal((3, 4), (error.Line, error.Column));
        Assert.Contains("items.csv, line 3, column 4", error.Message);
    }

    [Fact]
    public void Load_QuoteInsideUnquotedField_ReportsLineAndColumn()
    {
        using var folder = new TempFolder();
        // Line 2: u1,i"1,... the quote is the 5th character.
        folder.Write(DatasetFiles.Interactions, "user_id,item_id,rating\nu1,i\"1,4\n");
        var error = LoadFails(folder, DatasetFiles.Interactions);
        Assert.Equal((2, 5), (error.Line, error.Column));
    }

    [Fact]
    public void Load_TextAfterClosingQuote_ReportsLineAndColumn()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        // Line 2: i1,"Up"side → the closing quote ends at column 7, so 's' at column 8 is unexpected.
        folder.Write(DatasetFiles.Items, "item_id,title\ni1,\"Up\"side\n");
        var error = LoadFails(folder, DatasetFiles.Items);
        Assert.Equal((2, 8), (error.Line, error.Column));
    }

    [Fact]
    public void Load_WrongFieldCount_ReportsLineAndCounts()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, "user_id,item_id,rating\nu1,i1,4\nu2,i2,3,extra\n");
        var error = LoadFails(folder, DatasetFiles.Interactions);
        Assert.Equal(3, error.Line);
        Assert.Contains("expected 3 fields", error.Message);
        Assert.Contains("found 4", error.Message);
    }

    [Fact]
    public void Load_RatingNotANumber_ReportsLineColumnAndValue()
    {
        using var folder = new TempFolder();
        // Line 3: "u2,i2," is 6 characters, so the rating starts at column 7.
        folder.Write(DatasetFiles.Interactions, "user_id,item_id,rating\nu1,i1,4\nu2,i2,four\n");
        var error = LoadFails(folder, DatasetFiles.Interactions);
        Assert.Equal((3, 7), (error.Line, error.Column));
        Assert.Contains("'four'", error.Message);
    }

    [Fact]
    public void Load_InteractionWithUnknownUser_ReportsLineAndId()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Users, "user_id,region\nu1,north\nu2,south\n");
        folder.Write(DatasetFiles.Interactions, "user_id,item_id,rating\nu1,i1,4\nu9,i1,3\n");
        var error = LoadFails(folder, DatasetFiles.Interactions);
        Assert.Equal((3, 1), (error.Line, error.Column));
        Assert.Contains("'u9'", error.Message);
    }

    [Fact]
    public void Load_DuplicateItemId_ReportsBothLines()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        folder.Write(DatasetFiles.Items, "item_id,title\ni1,A\ni2,B\ni1,C\n");
        var error = LoadFails(folder, DatasetFiles.Items);
        Assert.Equal(4, error.Line);
        Assert.Contains("first on line 2", error.Message);
    }

    [Fact]
    public void Load_EmptyFile_SaysEmpty()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, "");
        var error = LoadFails(folder, DatasetFiles.Interactions);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Load_HeaderOnly_SaysNoInteractions()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, "user_id,item_id,rating\n");
        var error = LoadFails(folder, DatasetFiles.Interactions);
        Assert.Contains("no interactions", error.Message);
    }

    [Fact]
    public void Load_InvalidUtf8_ReportsLineAndByte()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        // Latin-1 "é" (0xE9) on line 3, after "i2,Caf" (6 bytes), so byte column 7.
        var bytes = Encoding.ASCII.GetBytes("item_id,title\ni1,Tea\ni2,Caf").Concat(new byte[] { 0xE9, (byte)'\n' }).ToArray();
        folder.WriteBytes(DatasetFiles.Items, bytes);
        var error = LoadFails(folder, DatasetFiles.Items);
        Assert.Equal((3, 7), (error.Line, error.Column));
        Assert.Contains("0xE9", error.Message);
    }

    [Fact]
    public void Load_MissingRequiredColumn_NamesColumnAndHeader()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, "user,item_id,rating\nu1,i1,4\n");
        var error = LoadFails(folder, DatasetFiles.Interactions);
        Assert.Contains("'user_id'", error.Message);
    }

    [Fact]
    public void Load_SchemaJson_OverridesInferenceAndRejectsUnknownKinds()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        // "zip" holds numbers, so inference would say numeric; the schema says categorical.
        folder.Write(DatasetFiles.Users, "user_id,zip,bio\nu1,1000,Loves long walks on the beach\nu2,2000,Collects old maps and atlases\n");
        folder.Write(DatasetFiles.Schema, "{ \"users\": { \"zip\": \"categorical\" } }");
        var dataset = DatasetFolder.Load(folder.Path);
        Assert.Equal(FeatureKind.Categorical, dataset.Schema.UserFeatures["zip"]);
        Assert.Equal(FeatureKind.Text, dataset.Schema.UserFeatures["bio"]);

        folder.Write(DatasetFiles.Schema, "{ \"users\": { \"zip\": \"postcode\" } }");
        var error = LoadFails(folder, DatasetFiles.Schema);
        Assert.Contains("users.zip", error.Message);
    }

    [Fact]
    public void Load_TestFile_BecomesTestInteractionsAndDataViewsCarryColumns()
    {
        using var folder = new TempFolder();
        folder.Write(DatasetFiles.Interactions, Interactions);
        folder.Write(DatasetFiles.TestInteractions, "user_id,item_id,rating,timestamp\nu2,i1,3,400\n");
        var dataset = DatasetFolder.Load(folder.Path);
        Assert.Single(dataset.TestInteractions!);

        var ml = new MLContext(seed: 1);
        var view = dataset.InteractionsToDataView(ml);
        Assert.Equal(new[] { "UserIdText", "ItemIdText", "Rating", "Timestamp" }, view.Schema.Select(c => c.Name));
        var ratings = view.GetColumn<float>("Rating").ToArray();
        Assert.Equal(new[] { 4f, 2.5f, 5f }, ratings);
        Assert.Equal(new[] { 400L }, dataset.TestInteractionsToDataView(ml).GetColumn<long>("Timestamp").ToArray());
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsTablesAndKinds()
    {
        using var folder = new TempFolder();
        var users = new EntityTable(["u1", "u2"],
        [
            new FeatureColumn("age", FeatureKind.Numeric, ["31", ""]),
            new FeatureColumn("bio", FeatureKind.Text, ["Says \"hi\", often", "line one\nline two"]),
        ]);
        var dataset = new RecommendationDataset([new("u1", "x", 4, null), new("u2", "x", 1.5f, null)], users);
        DatasetFolder.Save(dataset, folder.Path);
        var back = DatasetFolder.Load(folder.Path);

        Assert.Equal(dataset.Interactions, back.Interactions);
        Assert.Equal("line one\nline two", back.Users!.GetColumnOrNull("bio")!.GetRaw(1));
        Assert.True(float.IsNaN(back.Users.GetColumnOrNull("age")!.GetNumber(1)));
        Assert.Equal(FeatureKind.Text, back.Schema.UserFeatures["bio"]);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }
}
