using System.Text;
using MLNet.TwoTower.Datasets.Csv;
using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Tests.Datasets;

/// The interactions file is streamed in 64 KiB chunks; these files span many chunks, so lines, columns and quoted
/// fields must come out right across chunk boundaries.
public sealed class InteractionCsvStreamingTests
{
    private const int Rows = 200_000;

    private static string LargeInteractions(Func<int, string>? line = null)
    {
        var text = new StringBuilder("user_id,item_id,rating,timestamp\n");
        for (int i = 0; i < Rows; i++)
        {
            text.Append(line?.Invoke(i) ?? $"user-{i % 997},item-{i % 313},{i % 5 + 1},{1_000_000 + i}").Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public void Load_ManyChunks_ReadsEveryRowIntoCompactColumns()
    {
        using var folder = new TempFolder();
        // Every 1000th row quotes its item id with doubled quotes inside: "item-""7"""
        folder.Write(DatasetFiles.Interactions, LargeInteractions(i => i % 1000 == 7
            ? $"user-{i % 997},\"item-\"\"{i % 313}\"\"\",{i % 5 + 1},{1_000_000 + i}"
            : null!));
        var dataset = DatasetFolder.Load(folder.Path);

        var table = dataset.Interactions;
        Assert.Equal(Rows, table.Count);
        Assert.Equal(997, table.UserIds.Count);
        // 313 plain item ids, and 200 quoted ones (rows 7, 1007, …, 199,007 have distinct residues mod 313).
        Assert.Equal(313 + 200, table.ItemIds.Count);
        Assert.Equal(new Interaction("user-10", "item-\"68\"", 3, 1_001_007), table[1007]);
        Assert.Equal(new Interaction("user-599", "item-305", 5, 1_199_999), table[Rows - 1]);
        // 4 + 4 + 4 + 8 bytes per row; the ids are held once each.
        Assert.Equal(20L * Rows, table.RowBytes);
    }

    [Fact]
    public void Load_BadRatingDeepInTheFile_ReportsItsLineAndColumn()
    {
        using var folder = new TempFolder();
        // Data row 150,000 (0-based 149,999) is on line 150,001; "user-449,item-66," is 17 characters.
        folder.Write(DatasetFiles.Interactions, LargeInteractions(i => i == 149_999 ? "user-449,item-66,x,5" : null!));
        var error = Assert.Throws<DatasetFormatException>(() => DatasetFolder.Load(folder.Path));
        Assert.Equal((150_001, 18), (error.Line, error.Column));
        Assert.Contains("found 'x'", error.Message);
    }

    [Fact]
    public void Load_InvalidUtf8DeepInTheFile_ReportsLineAndByte()
    {
        using var folder = new TempFolder();
        var bytes = Encoding.ASCII.GetBytes(LargeInteractions()).ToList();
        // Replace the 'u' that starts line 120,001 with 0xFF: byte column 1.
        int line = 1, at = 0;
        while (line < 120_001)
        {
            if (bytes[at++] == '\n')
            {
                line++;
            }
        }

        bytes[at] = 0xFF;
        folder.WriteBytes(DatasetFiles.Interactions, bytes.ToArray());
        var error = Assert.Throws<DatasetFormatException>(() => DatasetFolder.Load(folder.Path));
        Assert.Equal((120_001, 1), (error.Line, error.Column));
        Assert.Contains("0xFF", error.Message);
    }

    [Fact]
    public void Load_LoneCarriageReturn_ReportsLineAndColumn()
    {
        using var folder = new TempFolder();
        // Line 3 is "u2,i2,3" followed by a CR that does not end the line: column 8.
        folder.Write(DatasetFiles.Interactions, "user_id,item_id,rating\r\nu1,i1,4\r\nu2,i2,3\ru3,i3,1\n");
        var error = Assert.Throws<DatasetFormatException>(() => DatasetFolder.Load(folder.Path));
        Assert.Equal((3, 8), (error.Line, error.Column));
        Assert.Contains("carriage return", error.Message);
    }

    [Fact]
    public void Load_EmptyLinesAndByteOrderMark_AreSkippedAndLinesStillCount()
    {
        using var folder = new TempFolder();
        folder.WriteBytes(DatasetFiles.Interactions,
            [0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes("\nuser_id,item_id,rating\n\nu1,i1,4\n\nu2,i2,oops\n")]);
        var error = Assert.Throws<DatasetFormatException>(() => DatasetFolder.Load(folder.Path));
        // Lines: 1 empty, 2 header, 3 empty, 4 u1, 5 empty, 6 u2 with the rating at column 7.
        Assert.Equal((6, 7), (error.Line, error.Column));
    }
}
