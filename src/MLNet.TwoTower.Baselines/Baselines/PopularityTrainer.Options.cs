namespace MLNet.TwoTower.Baselines;

public sealed partial class PopularityTrainer
{
    /// <summary>Options of <see cref="PopularityTrainer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The key-typed item column. Required.</summary>
        public string? ItemColumnName { get; set; }

        /// <summary>
        /// The rating column (Single/Double). Optional for <see cref="PopularityScoring.PositiveCount"/> (then every row
        /// counts), required for <see cref="PopularityScoring.MeanRating"/>.
        /// </summary>
        public string? LabelColumnName { get; set; }

        /// <summary>How items are scored. Default <see cref="PopularityScoring.PositiveCount"/>.</summary>
        public PopularityScoring Scoring { get; set; } = PopularityScoring.PositiveCount;

        /// <summary>With a label, a row counts as positive when its label is at least this. Default 4.</summary>
        public float PositiveThreshold { get; set; } = 4f;
    }
}
