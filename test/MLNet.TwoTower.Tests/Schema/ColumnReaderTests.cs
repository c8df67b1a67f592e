using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Tests.Schema;

public class ColumnReaderTests
{
    private sealed class Row
    {
        [KeyType(3)] public byte SmallKey { get; set; }
        public double Rating { get; set; }
        public bool Liked { get; set; }
        public string Text { get; set; } = "";
    }

    private static IDataView Data() => new MLContext(seed: 1).Data.LoadFromEnumerable(
    [
        new Row { SmallKey = 2, Rating = 4.5, Liked = true },
        new Row { SmallKey = 0, Rating = double.NaN, Liked = false },
    ]);

    [Fact]
    public void Getters_ReadByteKeysDoubleAndBooleanLabels()
    {
        var data = Data();
        using var cursor = data.GetRowCursor(data.Schema);
        var key = ColumnReader.KeyGetter(cursor, data.Schema["SmallKey"]);
        var rating = ColumnReader.LabelGetter(cursor, data.Schema["Rating"]);
        var liked = ColumnReader.LabelGetter(cursor, data.Schema["Liked"]);

        // LoadFromEnumerable takes 0-based key values: 2 is key 3, 0 is key 1 (the first, not the missing key).
        Assert.True(cursor.MoveNext());
        Assert.Equal((3UL, 4.5f, 1f), (key(), rating(), liked()));
        Assert.True(cursor.MoveNext());
        Assert.Equal(1UL, key());
        Assert.True(float.IsNaN(rating()));
        Assert.Equal(0f, liked());
    }

    [Fact]
    public void LabelGetter_TextColumn_ThrowsNamingColumnAndExpectedTypes()
    {
        var data = Data();
        using var cursor = data.GetRowCursor(data.Schema);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnReader.LabelGetter(cursor, data.Schema["Text"]));
        Assert.Contains("'Text' must be a Single, Double or Boolean label", error.Message);
    }

    [Fact]
    public void CheckKey_NotAKey_SaysToAddMapValueToKey()
    {
        var error = Assert.Throws<ArgumentException>(() => ColumnReader.CheckKey(Data().Schema, "Rating", "UserIdColumnName"));
        Assert.Contains("Column 'Rating' (UserIdColumnName) must be a UInt32 key type", error.Message);
        Assert.Contains("MapValueToKey", error.Message);
    }
}
