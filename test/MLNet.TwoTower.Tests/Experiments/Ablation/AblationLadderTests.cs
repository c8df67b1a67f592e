using System.Reflection;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Experiments.Ablation;

namespace MLNet.TwoTower.Tests.Experiments.Ablation;

public class AblationLadderTests
{
    private static TwoTowerTrainer.Options Apply(TwoTowerVariant variant)
    {
        var options = new TwoTowerTrainer.Options();
        variant.Configure(options);
        return options;
    }

    private static IEnumerable<PropertyInfo> Knobs() =>
        typeof(TwoTowerTrainer.Options).GetProperties().Where(p => p.CanWrite && p.PropertyType != typeof(IProgress<MLNet.TwoTower.Training.TwoTowerEpochProgress>));

    [Fact]
    public void Ladder_StartsAtTheReference_AndItsLastRungIsExactlyTheLibraryDefault()
    {
        // The ablation's claim "the default beats X" is only about the default if the last rung is the default.
        var ladder = AblationLadder.Default;
        var rungs = ladder.TakeWhile(v => v.Name != ReferenceExperiment.TwoTower).Append(ladder.First(v => v.Name == ReferenceExperiment.TwoTower)).ToArray();
        Assert.Same(TwoTowerVariant.Reference, rungs[0]);
        var last = rungs[^1];
        Assert.False(last.MatrixFactorizationFeatures);
        var configured = Apply(last);
        var defaults = new TwoTowerTrainer.Options();
        foreach (var property in Knobs())
        {
            var expected = property.GetValue(defaults);
            var actual = property.GetValue(configured);
            if (expected is int[] sizes)
                Assert.Equal(sizes, (int[])actual!);
            else if (expected is float[] candidates)
                Assert.Equal(candidates, (float[])actual!);
            else
                Assert.True(Equals(expected, actual), $"{property.Name}: the last rung has {actual}, the library default is {expected}.");
        }
    }

    [Fact]
    public void Ladder_EachRungChangesSomethingOverThePrevious()
    {
        var ladder = AblationLadder.Default;
        var rungs = ladder.TakeWhile(v => v.Name != ReferenceExperiment.TwoTower).Append(ladder.First(v => v.Name == ReferenceExperiment.TwoTower)).ToArray();
        for (int i = 1; i < rungs.Length; i++)
        {
            var before = Apply(rungs[i - 1]);
            var after = Apply(rungs[i]);
            bool changed = rungs[i].MatrixFactorizationFeatures != rungs[i - 1].MatrixFactorizationFeatures
                || Knobs().Any(p => p.PropertyType != typeof(int[]) && !Equals(p.GetValue(before), p.GetValue(after)));
            Assert.True(changed, $"Rung '{rungs[i].Name}' is the same configuration as '{rungs[i - 1].Name}'.");
        }
        Assert.Equal(ladder.Count, ladder.Select(v => v.Name).Distinct().Count());
    }

    [Fact]
    public void Reference_TurnsOffEveryRefinement()
    {
        var options = Apply(TwoTowerVariant.Reference);

        Assert.Equal(MLNet.TwoTower.Training.SamplingBiasCorrection.None, options.SamplingBiasCorrection);
        Assert.False(options.RemoveAccidentalHits);
        Assert.Equal(0, options.UniformNegativeCount);
        Assert.Equal(0, options.ExplicitNegativeWeight);
        Assert.Equal(0, options.UserIdEmbeddingSize);
        Assert.Equal(0, options.ItemIdEmbeddingSize);
        Assert.Equal(0, options.ValidationFraction);
        Assert.Equal(0f, options.WeightAveragingEpochs);
        Assert.True(TwoTowerVariant.Reference.MatrixFactorizationFeatures);
    }
}
