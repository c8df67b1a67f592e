namespace MLNet.TwoTower;

public sealed partial class TwoStageTrainer
{
    /// <summary>
    /// Settings of <see cref="TwoStageTrainer"/>. The columns, the label's positive threshold and the seed are the
    /// towers' (<see cref="Towers"/>); the rest decides how the re-ranker is trained. Defaults live in
    /// <see cref="TwoStageTrainerDefaults"/>.
    /// </summary>
    public sealed class Options
    {
        /// <summary>
        /// The first stage: the Two-Tower trainer's options, used as they are (columns, label and
        /// <see cref="TwoTowerTrainer.Options.PositiveThreshold"/>, seed, threads, architecture). Default: the
        /// Two-Tower defaults.
        /// </summary>
        public TwoTowerTrainer.Options Towers { get; set; } = new();

        /// <summary>
        /// Share of each user's valid rows (seeded random choice, rounded stochastically, never all of them) held out
        /// from the first towers; their labels train the re-ranker on features of towers that never saw them. In
        /// (0, 1); default <see cref="TwoStageTrainerDefaults.HoldoutFraction"/> (0.1). Larger gives the re-ranker more labels per
        /// group and the first towers less data.
        /// </summary>
        public float HoldoutFraction { get; set; } = TwoStageTrainerDefaults.HoldoutFraction;

        /// <summary>
        /// Candidates per user the retrieval stage proposes (top by <c>RetrievalScore</c>, the user's training items
        /// excluded) and the re-ranker orders, in training and in <see cref="TwoStageTransformer.CreateRecommender"/>.
        /// At least 1; default 200. More candidates raise the recall the re-ranker can reach and cost linearly.
        /// </summary>
        public int CandidateCount { get; set; } = TwoStageTrainerDefaults.CandidateCount;

        /// <summary>
        /// Whether, after the re-rankers are trained, the towers and the statistics are computed again on all rows (the
        /// held-out share included), so serving retrieves with every interaction. Default
        /// <see cref="TwoStageTrainerDefaults.RefitTowersOnAllData"/> (true). The re-rankers were trained on features of the
        /// first towers; refitted towers have seen a ninth more data (at the default holdout), so the trees' thresholds
        /// transfer imperfectly (without the score blend, refitting cost full-catalogue Recall@10: pseudo, seed 42,
        /// 0.388 → 0.319), and the counts are put back on the first stage's scale. With the blend, validation falls back
        /// to the towers' order where the trees do not help. False serves the first towers (10 % less data) and saves the
        /// second tower fit.
        /// </summary>
        public bool RefitTowersOnAllData { get; set; } = TwoStageTrainerDefaults.RefitTowersOnAllData;

        /// <summary>
        /// Share of the users (seeded) whose re-ranker training rows carry the cold statistics row (count 0, mean of all
        /// labels) instead of their own, so that a user without history at serving has statistics the trees have seen.
        /// In [0, 1); default 0.15. 0 leaves cold users outside the training distribution.
        /// </summary>
        public float ColdStatisticsFraction { get; set; } = TwoStageTrainerDefaults.ColdStatisticsFraction;

        /// <summary>
        /// Share of the items (seeded) whose rows in the catalogue re-ranker's training carry the cold item statistics
        /// row (counts 0, mean of all labels) instead of their own, so that a new item among the candidates at serving
        /// has statistics the trees have seen. In [0, 1); default 0. The rated-item re-ranker always sees the real rows.
        /// </summary>
        public float ColdItemStatisticsFraction { get; set; } = TwoStageTrainerDefaults.ColdItemStatisticsFraction;

        /// <summary>
        /// Which feature groups the re-rankers learn from (<see cref="RerankFeatureGroups"/>); the others are zeroed in
        /// their training rows, so the trees never read them. At least one group; default
        /// <see cref="RerankFeatureGroups.All"/>. For ablations.
        /// </summary>
        public RerankFeatureGroups FeatureGroups { get; set; } = TwoStageTrainerDefaults.FeatureGroups;

        /// <summary>
        /// Whether a matrix-factorization score is a re-ranker feature: a biased factor model (the project's
        /// <c>ml.Ranking.Trainers.MatrixFactorization</c>, its default rank and iterations) trained on the same rows as the
        /// towers (and again on all rows with <see cref="RefitTowersOnAllData"/>); a cold user or item reads the
        /// fallback (zero factors and bias). Default <see langword="false"/>: the
        /// towers' scores carry the collaborative signal, and the issue asks for this as its own ablation row.
        /// </summary>
        public bool MatrixFactorizationScore { get; set; } = TwoStageTrainerDefaults.MatrixFactorizationScore;

        /// <summary>The LambdaRank trainer of the second stage. Default <see cref="RerankerTrainer.LightGbm"/>.</summary>
        public RerankerTrainer Reranker { get; set; } = TwoStageTrainerDefaults.Reranker;

        /// <summary>
        /// Share of each re-ranker's groups (users, seeded) held out for the choices made on the user's own data: the
        /// blend with the first stage's score (<see cref="TowerScoreShareCandidates"/>) and, with
        /// <see cref="ChooseTreeCount"/>, how many boosting rounds to keep. The re-ranker fitted on the other groups is
        /// scored on these by mean nDCG@10, then trained again on every group with the choices. In [0, 1); default
        /// <see cref="TwoStageTrainerDefaults.ValidationFraction"/>; 0 chooses nothing (the trees alone, all
        /// <see cref="NumberOfTrees"/>).
        /// </summary>
        public float ValidationFraction { get; set; } = TwoStageTrainerDefaults.ValidationFraction;

        /// <summary>
        /// The candidate shares of the first stage's own score in each re-ranker's served score, chosen on the
        /// <see cref="ValidationFraction"/> groups by mean nDCG@10: share a serves
        /// <c>(1 − a)·trees/σ_trees + a·tower/σ_tower</c>, the tower score being the retrieval score for the catalogue
        /// re-ranker and the towers' ranking score for the rated-item one. A tree ensemble orders a few hundred candidates
        /// by a few dozen leaf sums; the blend keeps the towers' finer order where the trees cannot tell candidates apart,
        /// and 1 (the towers' order alone) lets validation keep the first stage where the trees do not help: another share
        /// must beat it by more than one standard error of the per-user paired nDCG@10 difference. Each in
        /// [0, 1]; default <see cref="TwoStageTrainerDefaults.TowerScoreShareCandidates"/>; <c>[0]</c> serves the trees alone.
        /// Without validation groups the trees are served alone.
        /// </summary>
        public float[] TowerScoreShareCandidates { get; set; } = TwoStageTrainerDefaults.TowerScoreShareCandidates;

        /// <summary>
        /// Whether the <see cref="ValidationFraction"/> groups also choose the tree count: an ensemble of
        /// <see cref="NumberOfTrees"/> is fitted on the other groups and its prefix with the best mean nDCG@10 gives the
        /// count (how many rounds a few hundred groups bear differs between datasets). Default
        /// <see cref="TwoStageTrainerDefaults.ChooseTreeCount"/> (false): on ml-latest-small's 122 validation groups of
        /// rated items the choice was noisy enough to cost one seed 0.019 warm nDCG@10 (issue 12, round 4).
        /// </summary>
        public bool ChooseTreeCount { get; set; } = TwoStageTrainerDefaults.ChooseTreeCount;

        /// <summary>
        /// Boosting rounds of the re-ranker: the most it may keep when <see cref="ValidationFraction"/> chooses, else
        /// all of them. At least 1; default 100.
        /// </summary>
        public int NumberOfTrees { get; set; } = TwoStageTrainerDefaults.NumberOfTrees;

        /// <summary>Leaves per tree. At least 2; default 31.</summary>
        public int NumberOfLeaves { get; set; } = TwoStageTrainerDefaults.NumberOfLeaves;

        /// <summary>Fewest training rows in a leaf. At least 1; default 20.</summary>
        public int MinimumExampleCountPerLeaf { get; set; } = TwoStageTrainerDefaults.MinimumExampleCountPerLeaf;

        /// <summary>Shrinkage of each tree, in (0, 1]; default 0.05.</summary>
        public double LearningRate { get; set; } = TwoStageTrainerDefaults.LearningRate;

        /// <summary>Checks every setting and reports all problems at once.</summary>
        internal void Validate()
        {
            var problems = new List<string>();
            if (Towers is null)
                problems.Add("Towers must be set (the Two-Tower options of the first stage); got null.");
            if (!(HoldoutFraction > 0 && HoldoutFraction < 1))
                problems.Add($"HoldoutFraction must lie in (0, 1); got {HoldoutFraction}. 0.1 holds out a tenth of each user's rows.");
            if (!(ColdStatisticsFraction >= 0 && ColdStatisticsFraction < 1))
                problems.Add($"ColdStatisticsFraction must lie in [0, 1); got {ColdStatisticsFraction}.");
            if (!(ColdItemStatisticsFraction >= 0 && ColdItemStatisticsFraction < 1))
                problems.Add($"ColdItemStatisticsFraction must lie in [0, 1); got {ColdItemStatisticsFraction}.");
            if ((FeatureGroups & RerankFeatureGroups.All) == 0 || (FeatureGroups & ~RerankFeatureGroups.All) != 0)
                problems.Add($"FeatureGroups must name at least one of Scores, UserStatistics, ItemStatistics, EmbeddingProduct and nothing else; got {FeatureGroups}.");
            if (!(ValidationFraction >= 0 && ValidationFraction < 1))
                problems.Add($"ValidationFraction must lie in [0, 1); got {ValidationFraction}.");
            if (TowerScoreShareCandidates is null || TowerScoreShareCandidates.Length == 0 || TowerScoreShareCandidates.Any(a => !(a >= 0 && a <= 1)))
                problems.Add($"TowerScoreShareCandidates must hold at least one share, each in [0, 1]; got {(TowerScoreShareCandidates is null ? "null" : $"[{string.Join(", ", TowerScoreShareCandidates)}]")}. [0] serves the trees alone.");
            if (CandidateCount < 1)
                problems.Add($"CandidateCount must be at least 1; got {CandidateCount}.");
            if (NumberOfTrees < 1)
                problems.Add($"NumberOfTrees must be at least 1; got {NumberOfTrees}.");
            if (NumberOfLeaves < 2)
                problems.Add($"NumberOfLeaves must be at least 2; got {NumberOfLeaves}.");
            if (MinimumExampleCountPerLeaf < 1)
                problems.Add($"MinimumExampleCountPerLeaf must be at least 1; got {MinimumExampleCountPerLeaf}.");
            if (!(LearningRate > 0 && LearningRate <= 1))
                problems.Add($"LearningRate must lie in (0, 1]; got {LearningRate}.");
            if (!Enum.IsDefined(Reranker))
                problems.Add($"Reranker must be LightGbm or FastTree; got {Reranker}.");
            if (problems.Count > 0)
                throw new ArgumentException($"Invalid {nameof(TwoStageTrainer)} options: {string.Join(" ", problems)}");
        }
    }
}
