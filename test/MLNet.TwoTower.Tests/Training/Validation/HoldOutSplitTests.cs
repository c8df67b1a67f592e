using MLNet.TwoTower.Training.Validation;

namespace MLNet.TwoTower.Tests.Training.Validation;

public class HoldOutSplitTests
{
    private static readonly int[] Users = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
    private static readonly int[] Items = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Fact]
    public void Create_QuarterOfTenPairs_HoldsOutTwoAndKeepsEveryPairOnce()
    {
        // ⌊0.25 × 10⌋ = 2 pairs held out; training and validation together are the input pairs, each once.
        var split = HoldOutSplit.Create(Users, Items, 0.25f, seed: 3);

        Assert.Equal(8, split.TrainCount);
        Assert.Equal(2, split.ValidationItemKeys.Length);
        var all = split.TrainUserKeys.Zip(split.TrainItemKeys).Concat(split.ValidationUserKeys.Zip(split.ValidationItemKeys));
        Assert.Equal(Users.Zip(Items).Order(), all.Order());
    }

    [Fact]
    public void Create_SameSeed_SameSplit_OtherSeed_OtherSplit()
    {
        var first = HoldOutSplit.Create(Users, Items, 0.3f, seed: 3);
        var second = HoldOutSplit.Create(Users, Items, 0.3f, seed: 3);
        var others = Enumerable.Range(4, 5).Select(seed => HoldOutSplit.Create(Users, Items, 0.3f, seed).ValidationItemKeys);

        Assert.Equal(first.ValidationItemKeys, second.ValidationItemKeys);
        Assert.Contains(others, keys => !keys.SequenceEqual(first.ValidationItemKeys));
    }

    [Fact]
    public void Create_ZeroFractionOrTooFewPairs_HoldsOutNothingOrLeavesTwo()
    {
        Assert.False(HoldOutSplit.Create(Users, Items, 0f, seed: 1).HasValidation);
        // 0.9 of 3 pairs would leave 1; at least 2 pairs stay for training (a batch needs a negative).
        var small = HoldOutSplit.Create([1, 2, 3], [1, 2, 3], 0.9f, seed: 1);
        Assert.Equal(2, small.TrainCount);
        Assert.Single(small.ValidationItemKeys);
    }
}
