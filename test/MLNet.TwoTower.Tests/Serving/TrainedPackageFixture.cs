using Microsoft.ML;
using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Serving.Package;

namespace MLNet.TwoTower.Tests.Serving;

/// <summary>
/// One small model, trained once for every serving test: the pseudo dataset (80 users, 40 items) with every
/// interaction of one item removed, so that item is in the catalogue but unknown to the model.
/// </summary>
internal sealed class TrainedPackageFixture
{
    private static readonly Lazy<TrainedPackageFixture> SharedInstance = new(() => new TrainedPackageFixture());

    public static TrainedPackageFixture Shared => SharedInstance.Value;

    private TrainedPackageFixture()
    {
        Ml = new MLContext(seed: 42);
        var generated = PseudoDatasetGenerator.Generate(new PseudoDatasetOptions { UserCount = 80, ItemCount = 40, RatingCount = 1600, Seed = 42 });
        ItemWithoutInteractions = generated.Items!.Ids[^1];
        var dataset = new RecommendationDataset(
            generated.Interactions.Where(i => i.ItemId != ItemWithoutInteractions).ToArray(), generated.Users, generated.Items);
        Data = PreparedData.Prepare(Ml, dataset, new EntityFeaturizerOptions { Text = TextFeaturizer.NGrams });
        Model = ReferenceExperiment.TrainTwoTower(Ml, Data, new ExperimentOptions { Seed = 42, Epochs = 1 });
    }

    public MLContext Ml { get; }

    public PreparedData Data { get; }

    public TwoTowerTransformer Model { get; }

    /// <summary>In the items table, without interactions.</summary>
    public string ItemWithoutInteractions { get; }

    /// <summary>The package content; <paramref name="tag"/> goes into the metadata's dataset name to tell versions apart.</summary>
    public RecommendationPackageContent Content(string tag = "pseudo") =>
        TrainedPackage.Content(Model, Data, new PackageMetadata { Dataset = tag, Seed = 42, TextFeaturizer = nameof(TextFeaturizer.NGrams) });

    /// <summary>Writes a package tagged <paramref name="tag"/> into <paramref name="folder"/>.</summary>
    public string Save(string folder, string tag = "pseudo") => RecommendationPackage.Save(folder, Ml, Content(tag));
}
