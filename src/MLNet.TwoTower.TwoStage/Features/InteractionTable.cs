using Microsoft.ML;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.TwoStage.Features;

/// <summary>
/// Every row of the training data as raw keys (1-based, 0 = missing) and labels, in the view's cursor order, so a row
/// index here is a row position for <c>RowSubsetDataView</c>. Rows with a missing key or a NaN label are kept (the
/// towers decide what to do with them) but are never held out, counted or used as a label.
/// </summary>
internal sealed class InteractionTable
{
    private InteractionTable(uint[] users, uint[] items, float[] labels, int userKeyCount, int itemKeyCount)
    {
        Users = users;
        Items = items;
        Labels = labels;
        UserKeyCount = userKeyCount;
        ItemKeyCount = itemKeyCount;
    }

    public uint[] Users { get; }
    public uint[] Items { get; }
    public float[] Labels { get; }
    public int UserKeyCount { get; }
    public int ItemKeyCount { get; }
    public int Count => Users.Length;

    public bool IsValid(int row) => Users[row] != 0 && Items[row] != 0 && !float.IsNaN(Labels[row]);

    /// <summary>Reads the key and label columns named in the options (Boolean labels read as 1 and 0).</summary>
    public static InteractionTable Read(IDataView data, string userColumn, string itemColumn, string labelColumn)
    {
        int userKeys = ColumnReader.CheckKey(data.Schema, userColumn, nameof(TwoTowerTrainer.Options.UserIdColumnName));
        int itemKeys = ColumnReader.CheckKey(data.Schema, itemColumn, nameof(TwoTowerTrainer.Options.ItemIdColumnName));
        // Boolean labels as the towers take them (true for a positive).
        ColumnReader.CheckLabel(data.Schema, labelColumn, nameof(TwoTowerTrainer.Options.LabelColumnName), allowBoolean: true);
        var user = data.Schema[userColumn];
        var item = data.Schema[itemColumn];
        var label = data.Schema[labelColumn];
        var users = new List<uint>();
        var items = new List<uint>();
        var labels = new List<float>();
        using var cursor = data.GetRowCursor([user, item, label]);
        var userGetter = ColumnReader.KeyGetter(cursor, user);
        var itemGetter = ColumnReader.KeyGetter(cursor, item);
        var labelGetter = ColumnReader.LabelGetter(cursor, label);
        while (cursor.MoveNext())
        {
            users.Add(checked((uint)userGetter()));
            items.Add(checked((uint)itemGetter()));
            labels.Add(labelGetter());
        }
        return new InteractionTable([.. users], [.. items], [.. labels], userKeys, itemKeys);
    }

    /// <summary>For every key, the position of its first row (−1 when it has none): one row per user or item, to embed it.</summary>
    public int[] FirstRowOfUser() => FirstRow(Users, UserKeyCount);

    /// <summary>See <see cref="FirstRowOfUser"/>.</summary>
    public int[] FirstRowOfItem() => FirstRow(Items, ItemKeyCount);

    private static int[] FirstRow(uint[] keys, int keyCount)
    {
        var first = Enumerable.Repeat(-1, keyCount + 1).ToArray();
        for (int r = 0; r < keys.Length; r++)
            if (keys[r] != 0 && first[keys[r]] < 0)
                first[keys[r]] = r;
        return first;
    }
}
