using MLNet.TwoTower.Training.Sampling;

namespace MLNet.TwoTower.Tests.Training.Sampling;

public class ExplicitNegativeSamplerTests
{
    // User 1 disliked items 10 and 11, user 3 disliked item 12; user 2 disliked nothing.
    private static ExplicitNegativeSampler Sampler(int seed = 7) => new([1, 1, 3], [10, 11, 12], userKeyCount: 3, seed);

    [Fact]
    public void Next_DrawsOnlyFromEachRowsOwnUser()
    {
        var sampler = Sampler();
        for (var draw = 0; draw < 50; draw++)
        {
            var (rows, items, _) = sampler.Next([1, 2, 3, 1]);

            Assert.Equal([0, 2, 3], rows);
            Assert.Contains(items[0], new[] { 10, 11 });
            Assert.Equal(12, items[1]);
            Assert.Contains(items[2], new[] { 10, 11 });
        }
    }

    [Fact]
    public void Next_UsersWithoutNegatives_GetNone()
    {
        var (rows, items, _) = Sampler().Next([2, 2]);

        Assert.Empty(rows);
        Assert.Empty(items);
    }

    [Fact]
    public void Next_SameSeed_SameDraws()
    {
        var a = Sampler(seed: 3);
        var b = Sampler(seed: 3);
        for (var draw = 0; draw < 20; draw++)
            Assert.Equal(a.Next([1, 1, 1]).Items, b.Next([1, 1, 1]).Items);
    }

    [Fact]
    public void Next_DrawsEveryNegativeOfAUser()
    {
        var sampler = Sampler();
        var seen = new HashSet<int>();
        for (var draw = 0; draw < 100; draw++)
            seen.UnionWith(sampler.Next([1]).Items);

        Assert.Equal(new HashSet<int> { 10, 11 }, seen);
    }
}
