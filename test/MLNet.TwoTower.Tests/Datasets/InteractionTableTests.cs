using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Tests.Datasets;

public sealed class InteractionTableTests
{
    [Fact]
    public void Builder_InternsIdsOnceInFirstAppearanceOrder()
    {
        var builder = new InteractionTableBuilder(hasTimestamps: true);
        builder.Add("u2", "i1", 4, 100);
        builder.Add("u1", "i1", 2.5f, 200);
        builder.Add("u2", "i3", 5, 300);
        var table = builder.Build();

        Assert.Equal(["u2", "u1"], table.UserIds);
        Assert.Equal(["i1", "i3"], table.ItemIds);
        Assert.Equal([0, 1, 0], table.UserIndexes.ToArray());
        Assert.Equal([0, 0, 1], table.ItemIndexes.ToArray());
        Assert.Equal([4f, 2.5f, 5f], table.Ratings.ToArray());
        Assert.Equal([100L, 200L, 300L], table.Timestamps.ToArray());
        Assert.Equal(new Interaction("u1", "i1", 2.5f, 200), table[1]);
        Assert.Same(table.UserIds[0], table[2].UserId);
    }

    [Fact]
    public void Table_RowBytes_Are12PerRowOr20WithTimestamps()
    {
        // 100k rows over 50 users and 40 items: the per-row columns are 4 + 4 + 4 (+ 8) bytes, whatever the id lengths.
        var plain = new InteractionTableBuilder(hasTimestamps: false);
        var timed = new InteractionTableBuilder(hasTimestamps: true);
        for (int i = 0; i < 100_000; i++)
        {
            plain.Add($"user-with-a-long-id-{i % 50}", $"item-{i % 40}", i % 5, null);
            timed.Add($"user-with-a-long-id-{i % 50}", $"item-{i % 40}", i % 5, i);
        }

        var a = plain.Build();
        var b = timed.Build();
        Assert.Equal(1_200_000, a.RowBytes);
        Assert.Equal(2_000_000, b.RowBytes);
        Assert.Equal((50, 40), (a.UserIds.Count, a.ItemIds.Count));
    }

    [Fact]
    public void Build_KeepsSmallSlackFromEnsureCapacityAndTrimsLargeSlack()
    {
        // 1,000 rows in columns sized for 1,100: the 100 spare rows are under an eighth, so no copy is made;
        // sized for 2,000 the spare half is trimmed away.
        InteractionTable Fill(int capacity)
        {
            var builder = new InteractionTableBuilder(hasTimestamps: false);
            builder.EnsureCapacity(capacity);
            for (int i = 0; i < 1000; i++)
            {
                builder.Add("u", $"i{i % 7}", 1, null);
            }

            return builder.Build();
        }

        var kept = Fill(1100);
        Assert.Equal((1000, 1100L * 12), (kept.Count, kept.RowBytes));
        Assert.Equal(1000, kept.Ratings.Length);
        Assert.Throws<IndexOutOfRangeException>(() => kept[1000]);
        Assert.Equal(1000L * 12, Fill(2000).RowBytes);
    }

    [Fact]
    public void Builder_RejectsEmptyIdsNonFiniteRatingsAndMixedTimestamps()
    {
        var builder = new InteractionTableBuilder(hasTimestamps: false);
        builder.Add("u1", "i1", 1, null);
        Assert.Contains("Interaction 1 has an empty user or item id", Assert.Throws<ArgumentException>(() => builder.Add("", "i1", 1, null)).Message);
        Assert.Contains("ratings must be finite", Assert.Throws<ArgumentException>(() => builder.Add("u1", "i1", float.NaN, null)).Message);
        Assert.Contains("has a timestamp", Assert.Throws<ArgumentException>(() => builder.Add("u1", "i1", 1, 5)).Message);
        builder.Build();
        Assert.Throws<InvalidOperationException>(() => builder.Add("u1", "i1", 1, null));
    }

    [Fact]
    public void From_Interactions_RoundTripsAndSelectKeepsOnlyUsedIds()
    {
        Interaction[] rows = [new("a", "x", 1, null), new("b", "y", 2, null), new("a", "y", 3, null)];
        var table = InteractionTable.From(rows);
        Assert.Equal(rows, table);
        Assert.Same(table, InteractionTable.From(table));

        var tail = table.Select([1, 2]);
        Assert.Equal(rows[1..], tail);
        Assert.Equal(["b", "a"], tail.UserIds);
        Assert.Equal(["y"], tail.ItemIds);
    }
}
