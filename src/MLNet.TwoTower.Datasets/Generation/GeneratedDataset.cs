using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Datasets.Generation;

/// <summary>A generated dataset with the ground truth behind it.</summary>
/// <param name="Dataset">The interactions, users and items, as <see cref="PseudoDatasetGenerator.Generate"/> returns them.</param>
/// <param name="Truth">The drawn parameters and the probabilities they imply (the Bayes ceiling's scores).</param>
/// <param name="ContentAffinity">Per interaction, in order: the user–item content affinity behind the rating.</param>
/// <param name="HiddenTaste">Per interaction, in order: the hidden-taste term behind the rating.</param>
public sealed record GeneratedDataset(RecommendationDataset Dataset, PseudoDatasetTruth Truth, double[] ContentAffinity, double[] HiddenTaste);
