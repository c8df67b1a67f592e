namespace MLNet.TwoTower.Baselines;

/// <summary>How <see cref="PopularityTrainer"/> scores an item.</summary>
public enum PopularityScoring
{
    /// <summary>Number of positive training rows of the item (label ≥ threshold, or every row without a label).</summary>
    PositiveCount = 0,

    /// <summary>The item's mean training label; unseen items get the global mean.</summary>
    MeanRating = 1,
}
