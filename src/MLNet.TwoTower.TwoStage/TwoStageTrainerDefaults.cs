namespace MLNet.TwoTower;

/// <summary>The defaults of <see cref="TwoStageTrainer.Options"/>, in one place.</summary>
public static class TwoStageTrainerDefaults
{
    /// <summary>Share of each user's rows held out from the first towers to label the re-ranker's training groups.</summary>
    public const float HoldoutFraction = 0.2f;

    /// <summary>Candidates the retrieval stage proposes per user, which the re-ranker orders.</summary>
    public const int CandidateCount = 200;

    /// <summary>Whether the towers are trained again on all rows once the re-ranker is trained.</summary>
    public const bool RefitTowersOnAllData = false;

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

    /// <summary>Share of the re-ranker's groups held out for the choices (the score blend, optionally the tree count).</summary>
    public const float ValidationFraction = 0f;

    /// <summary>Whether the validation groups also choose how many boosting rounds the re-ranker keeps.</summary>
    public const bool ChooseTreeCount = true;

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
