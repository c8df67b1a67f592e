using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Experiments.Ablation;

namespace MLNet.TwoTower.Tests.Experiments.Ablation;

[Collection(TorchCollection.Name)]
public class AblationStudyTests
{
    private static PreparedData Small(MLContext ml) => PreparedData.Prepare(ml,
        PseudoDatasetGenerator.Generate(new PseudoDatasetOptions { Seed = 5, UserCount = 90, ItemCount = 50, RatingCount = 2000 }),
        new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams, NGramMinimumEntityCount = 2 });

    private static TwoTowerVariant Tiny(string name) => new(name, "one quick epoch", options =>
    {
        options.TowerLayerSizes = [16, 8];
        options.NumberOfEpochs = 1;
        options.BatchSize = 64;
        options.NumberOfThreads = 1;
        options.UniformNegativeCount = 16;
    });

    [Fact]
    public void Run_TwoSeeds_SummarisesEveryProtocolPerModelAsMeanOfTheSeeds()
    {
        var ml = new MLContext(1);
        var stages = new List<string>();

        var result = AblationStudy.Run(ml, "small", Small(ml), new AblationStudyOptions
        {
            Seeds = [1, 2],
            Baselines = [ReferenceExperiment.MatrixFactorization],
            Variants = [Tiny(ReferenceExperiment.TwoTower)],
            OnStage = stages.Add,
        });

        Assert.Equal(["Random", "Popularity", ReferenceExperiment.MatrixFactorization, ReferenceExperiment.TwoTower], result.Rows.Select(r => r.Model));
        var warm = result.Row(ReferenceExperiment.TwoTower).Get(AblationMetric.Headline[0]);
        Assert.Equal(2, warm.Values.Count);
        Assert.Equal((warm.Values[0]!.Value + warm.Values[1]!.Value) / 2, warm.Mean!.Value, 12);
        // Matrix factorization cannot score held-out users or items: n/a, never a number.
        Assert.Null(result.Row(ReferenceExperiment.MatrixFactorization).Get(AblationMetric.Headline[1]).Mean);
        Assert.Null(result.Row(ReferenceExperiment.MatrixFactorization).Get(AblationMetric.Headline[5]).Mean);
        Assert.NotNull(result.Row(ReferenceExperiment.TwoTower).Get(AblationMetric.Headline[5]).Mean);
        Assert.Contains(stages, s => s.Contains("seed 2") && s.Contains("fitted"));
        // The MF warm target is reported (met or missed) with both means.
        var target = Assert.Single(result.Targets(), t => t.Baseline == ReferenceExperiment.MatrixFactorization);
        Assert.Equal(warm.Mean!.Value, target.Value, 12);
        var markdown = result.ToMarkdown();
        Assert.Contains("| TwoTower |", markdown);
        Assert.Contains("one quick epoch", markdown);
        Assert.Contains("\"values\"", result.ToJson());
    }

    [Fact]
    public void Run_Implicit_ReportsTheImplicitHeadlineAndItsTargets()
    {
        var ml = new MLContext(1);

        var result = AblationStudy.Run(ml, "small", Small(ml), new AblationStudyOptions
        {
            Seeds = [1],
            Implicit = true,
            Baselines = [ReferenceExperiment.OneClassMatrixFactorization],
            Variants = [Tiny(ReferenceExperiment.TwoTower)],
        });

        Assert.True(result.Implicit);
        Assert.Equal(AblationMetric.ImplicitHeadline, result.Headline);
        Assert.Equal(["Random", "Popularity", ReferenceExperiment.OneClassMatrixFactorization, ReferenceExperiment.TwoTower], result.Rows.Select(r => r.Model));
        Assert.All(result.Rows, row => Assert.NotNull(row.Get(AblationMetric.ImplicitHeadline[3]).Mean));
        Assert.Equal(["Popularity", ReferenceExperiment.OneClassMatrixFactorization], result.Targets().Select(t => t.Baseline));
        Assert.Contains("implicit MAP@10", result.ToMarkdown());
    }

    [Fact]
    public void Run_RepeatedNames_ThrowsNamingTheName()
    {
        var ml = new MLContext(1);
        var options = new AblationStudyOptions
        {
            Baselines = [ReferenceExperiment.MatrixFactorization],
            Variants = [Tiny("a"), Tiny(ReferenceExperiment.MatrixFactorization)],
        };

        var error = Assert.Throws<ArgumentException>(() => AblationStudy.Run(ml, "small", Small(ml), options));
        Assert.Contains("'MatrixFactorization' is used twice", error.Message);
        Assert.Throws<ArgumentException>(() => AblationStudy.Run(ml, "small", Small(ml), new AblationStudyOptions { Seeds = [] }));
    }
}
