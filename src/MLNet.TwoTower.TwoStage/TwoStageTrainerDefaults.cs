namespace MLNet.TwoTower;

/// <summary>The defaults of <see cref="TwoStageTrainer.Options"/>, in one place.</summary>
public static class TwoStageTrainerDefaults
{
    /// <summary>
    /// A tenth of each user's rows held out from the first towers to label the re-ranker's training groups. With the
    /// score blend guarding against weak trees, the first towers' data matters more than the trees' labels: against a
    /// fifth, 3 seeds gained catalogue Recall@10 0.128 → 0.147 on ml-latest-small and 0.284 → 0.288 on pseudo, every
    /// seed higher, warm nDCG@10 0.821 → 0.826 and 0.859 → 0.859 (issue 12, round 4). Smaller shares were not measured.
    /// </summary>
    public const float HoldoutFraction = 0.1f;

    /// <summary>Candidates the retrieval stage proposes per user, which the re-ranker orders.</summary>
    public const int CandidateCount = 200;

    /// <summary>
    /// The towers are trained again on all rows once the re-rankers are trained, so serving retrieves and scores with
    /// every interaction. With the score blend, validation can fall back to the towers' order where the trees do not
    /// transfer: 3 seeds on ml-latest-small then matched TwoTower (catalogue Recall@10 0.162, warm 0.833) against 0.147
    /// and 0.826 without the refit; on pseudo it gave back the trees' small catalogue gain (Recall@10 0.283 vs 0.288,
    /// TwoTower 0.284) (issue 12, round 4). Costs a second tower fit.
    /// </summary>
    public const bool RefitTowersOnAllData = true;

    /// <summary>Share of users whose re-ranker rows see the cold statistics row.</summary>
    public const float ColdStatisticsFraction = 0.15f;

    /// <summary>Share of items whose catalogue re-ranker rows see the cold item statistics row.</summary>
    public const float ColdItemStatisticsFraction = 0f;

    /// <summary>The feature groups the re-rankers learn from.</summary>
    public const RerankFeatureGroups FeatureGroups = RerankFeatureGroups.All;

    /// <summary>Whether a matrix-factorization score is a re-ranker feature.</summary>
    public const bool MatrixFactorizationScore = false;

    /// <summary>The re-ranker's trainer.</summary>
    public const RerankerTrainer Reranker = RerankerTrainer.LightGbm;

    /// <summary>
    /// A fifth of the re-ranker's groups held out for the choices (the score blend, optionally the tree count). With the
    /// blend chosen there, 3 seeds on both datasets gained on every catalogue metric against no validation
    /// (ml-latest-small catalogue nDCG@10 0.185 → 0.199, cold-item Recall@10 0.048 → 0.142; pseudo 0.225 → 0.236,
    /// 0.123 → 0.155) with warm and cold-user nDCG@10 within ±0.003 (issue 12, round 4).
    /// </summary>
    public const float ValidationFraction = 0.2f;

    /// <summary>
    /// The tree count stays <see cref="NumberOfTrees"/>: chosen on ml-latest-small's 122 validation groups it cost seed 43
    /// 0.019 warm nDCG@10 (0.8095 → 0.7901) and gained nothing elsewhere (issue 12, round 4).
    /// </summary>
    public const bool ChooseTreeCount = false;

    /// <summary>The candidate shares of the first stage's score in the served score: none (the trees alone) to all.</summary>
    public static float[] TowerScoreShareCandidates => [0f, 0.25f, 0.5f, 0.75f, 1f];

    /// <summary>Boosting rounds (trees) of the re-ranker.</summary>
    public const int NumberOfTrees = 100;

    /// <summary>Leaves per tree.</summary>
    public const int NumberOfLeaves = 31;

    /// <summary>Fewest training rows in a leaf.</summary>
    public const int MinimumExampleCountPerLeaf = 20;

    /// <summary>Shrinkage of each tree.</summary>
    public const double LearningRate = 0.05;
}
