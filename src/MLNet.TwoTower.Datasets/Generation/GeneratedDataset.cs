using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Datasets.Generation;

/// The generated dataset plus the ground truth behind each rating, for tests and diagnostics.
internal sealed record GeneratedDataset(RecommendationDataset Dataset, double[] ContentAffinity, double[] HiddenTaste);
