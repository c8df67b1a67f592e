namespace MLNet.TwoTower.Datasets.Generation;

/// Defaults of <see cref="PseudoDatasetOptions"/>, written once.
internal static class PseudoDatasetDefaults
{
    public const int UserCount = 2_000;
    public const int ItemCount = 1_000;
    public const int RatingCount = 60_000;
    public const int Seed = 42;
    public const double ContentWeight = 1.0;
    public const double HiddenTasteWeight = 0.7;
    public const int HiddenTasteDimension = 8;
    public const double BiasStandardDeviation = 0.5;
    public const double ItemPopularityExponent = 1.0;
    public const double UserActivityExponent = 0.7;
    public const double SelectionAffinity = 1.5;
    public const int MinimumRatingsPerUser = 5;
}
