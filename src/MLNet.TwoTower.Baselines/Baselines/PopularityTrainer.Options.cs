using MLNet.TwoTower.Schema;


namespace MLNet.TwoTower.Baselines;

public sealed partial class PopularityTrainer
{
    /// <summary>Options of <see cref="PopularityTrainer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The key-typed item column. Default <see cref="DefaultColumnNames.ItemId"/>.</summary>
        public string? ItemIdColumnName { get; set; } = DefaultColumnNames.ItemId;

        /// <summary>
        /// The rating column (Single/Double). Default <see cref="DefaultColumnNames.Label"/>. Null or empty counts every
        /// row (only with <see cref="PopularityScoring.PositiveCount"/>); <see cref="PopularityScoring.MeanRating"/>
        /// needs it.
        /// </summary>
        public string? LabelColumnName { get; set; } = DefaultColumnNames.Label;

        /// <summary>How items are scored. Default <see cref="PopularityScoring.PositiveCount"/>.</summary>
        public PopularityScoring Scoring { get; set; } = PopularityScoring.PositiveCount;

        /// <summary>With a label, a row counts as positive when its label is at least this. Default 4.</summary>
        public float PositiveThreshold { get; set; } = 4f;
    }
}
