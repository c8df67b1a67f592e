using Microsoft.ML;

namespace MLNet.TwoTower.Datasets.Features;

/// <summary>
/// The fitted user and item feature pipelines of a dataset and the vectors they produced, one per entity.
/// Made by <see cref="DatasetFeaturizer.Fit"/>.
/// </summary>
public sealed class DatasetFeatures
{
    internal DatasetFeatures(
        ITransformer? userTransformer, DataViewSchema? userInputSchema, EntityFeatureTable? users,
        ITransformer? itemTransformer, DataViewSchema? itemInputSchema, EntityFeatureTable? items)
    {
        UserTransformer = userTransformer;
        UserInputSchema = userInputSchema;
        Users = users;
        ItemTransformer = itemTransformer;
        ItemInputSchema = itemInputSchema;
        Items = items;
    }

    /// <summary>Fitted user pipeline (save it with <c>ml.Model.Save(UserTransformer, UserInputSchema, path)</c> to
    /// featurise new users later), or null when the dataset has no user table.</summary>
    public ITransformer? UserTransformer { get; }

    /// <summary>Input schema of <see cref="UserTransformer"/>, or null.</summary>
    public DataViewSchema? UserInputSchema { get; }

    /// <summary>One feature vector per user, or null.</summary>
    public EntityFeatureTable? Users { get; }

    /// <summary>Fitted item pipeline, or null when the dataset has no item table.</summary>
    public ITransformer? ItemTransformer { get; }

    /// <summary>Input schema of <see cref="ItemTransformer"/>, or null.</summary>
    public DataViewSchema? ItemInputSchema { get; }

    /// <summary>One feature vector per item, or null.</summary>
    public EntityFeatureTable? Items { get; }
}
