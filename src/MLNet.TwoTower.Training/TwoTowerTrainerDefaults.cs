using MLNet.TwoTower.Training;

namespace MLNet.TwoTower;

/// <summary>
/// The single place where the Two-Tower trainer's defaults are written. <see cref="TwoTowerTrainer.Options"/>
/// initialisers and the catalog overloads both read from here, so they can never disagree. Column names are the
/// library-wide <see cref="Schema.DefaultColumnNames"/>.
/// </summary>
internal static class TwoTowerTrainerDefaults
{
    /// <summary>Ratings at or above this count as positives (MovieLens: 4 of 5 stars).</summary>
    public const float PositiveThreshold = 4f;

    /// <summary>Hidden widths then the embedding width, as in the reference experiment.</summary>
    public static int[] TowerLayerSizes => [128, 64];

    public const float DropoutRate = 0.2f;
    public const float LeakyReluSlope = 0.01f;
    public const bool ActivateOutputLayer = false;
    public const bool NormalizeEmbeddings = true;

    /// <summary>CLIP's initial temperature; small enough that cosines in [-1, 1] still give a peaked softmax.</summary>
    public const float InitialTemperature = 0.07f;
    public const bool LearnTemperature = true;

    /// <summary>
    /// Bounds the learned temperature is clamped to after every step. Below 0.01 the logits exceed ±100 and training
    /// becomes unstable (CLIP clamps its logit scale at 100 for the same reason); above 1 a softmax over cosines is
    /// nearly uniform and the loss stops separating positives from negatives.
    /// </summary>
    public const float MinTemperature = 0.01f;
    public const float MaxTemperature = 1f;

    public const int NumberOfEpochs = 20;

    /// <summary>
    /// The epoch budget and patience when retrieval is the only task (no rating to regress, no disliked items: implicit
    /// feedback). Its validation recall climbs ~0.001 an epoch under ~0.004 of noise on ml-latest-small, so patience 3
    /// stopped on lucky epochs (nDCG@10 0.324 ± 0.024); 6 and up to 40 epochs gave 0.363 ± 0.004 (3 seeds). With a rating
    /// or dislikes to learn from, those settings bought nothing and cost 1.3–1.8× the time, so they stay at 20 and 3.
    /// </summary>
    public const int RetrievalOnlyNumberOfEpochs = 40;

    /// <inheritdoc cref="RetrievalOnlyNumberOfEpochs"/>
    public const int RetrievalOnlyEarlyStoppingPatience = 6;

    public const int BatchSize = 256;
    /// <summary>
    /// Adam 2e-3, twice the reference experiment's 1e-3: with uniform and explicit negatives and the ranking task the
    /// objective is harder, and at 1e-3 validation recall was still rising at epoch 20 on ml-latest-small.
    /// </summary>
    public const float LearningRate = 2e-3f;

    /// <summary>
    /// Validation and export read a moving average of the weights over about one epoch (after TensorFlow's warm-up).
    /// With a rating head or disliked items it lifted warm and cold-user ranking on both datasets (3 seeds; ml-latest-small warm
    /// nDCG@10 0.832 → 0.833, cold-user 0.776 → 0.781, catalogue Recall@10 0.156 → 0.161; pseudo warm 0.855 → 0.864,
    /// cold-user 0.707 → 0.714): the rating head's squared error is the noisiest gradient the towers get, and its
    /// averaged weights predict better.
    /// </summary>
    public const float WeightAveragingEpochs = 1f;

    /// <summary>
    /// No averaging when retrieval is the only task: on implicit ml-latest-small the averaged weights' validation
    /// recall levelled off epochs earlier and test nDCG@10 fell from 0.363 to 0.338 (3 seeds).
    /// </summary>
    public const float RetrievalOnlyWeightAveragingEpochs = 0f;

    /// <summary>No refit when ratings or dislikes give the model something to rank by (see the round-4 ablation).</summary>
    public const bool RefitOnAllData = false;

    /// <summary>
    /// Refit when retrieval is the only task: validation holds out a tenth of the positives, which implicit feedback
    /// has no rating to make up for. On implicit ml-latest-small the refitted towers reached nDCG@10 0.371 ± 0.002
    /// against 0.363 ± 0.008 (3 seeds; one-class MF 0.372 ± 0.005), on pseudo 0.348 either way, for 1.5–1.7× the
    /// training time.
    /// </summary>
    public const bool RetrievalOnlyRefitOnAllData = true;

    /// <summary>
    /// logQ correction from exact counts: the trainer reads all positives up front, so exact counts are free and
    /// better than a streaming estimate. On MovieLens the most-rated films are hundreds of times likelier in-batch
    /// negatives than the tail, which without correction teaches the model to rank popular films down.
    /// </summary>
    public const SamplingBiasCorrection SamplingBiasCorrection = Training.SamplingBiasCorrection.ExactCounts;

    /// <summary>On: with batch 256 over ~48k MovieLens positives, popular films appear twice in many batches.</summary>
    public const bool RemoveAccidentalHits = true;

    /// <summary>
    /// 256 uniform catalogue negatives per batch (as many as in-batch ones): in-batch negatives are items someone liked,
    /// so the long tail is almost never a negative and drifts into full-catalogue top lists; on ml-latest-small
    /// (mean of 3 seeds) this raised full-catalogue Recall@10 with the ranking task on.
    /// </summary>
    public const int UniformNegativeCount = 256;

    /// <summary>Explicit negatives (rated below the threshold) as hard negatives, each counted as one in-batch negative.</summary>
    public const float ExplicitNegativeWeight = 1f;

    /// <summary>
    /// Weight 2 of the pairwise ranking task next to the softmax (whose loss is ~6 against the pairwise term's ~0.7
    /// at the start). On ml-latest-small (3 seeds) 2 lifted warm and cold-user nDCG@10 over 0; 4 and 8 cut
    /// full-catalogue recall so much that early stopping (on recall) kept an early, under-trained epoch.
    /// </summary>
    public const float PairwiseRankingWeight = 2f;

    /// <summary>
    /// Rating loss at twice the retrieval loss's weight. It trains the head (w, μ) and, through the bias heads, the
    /// towers' hidden layers, but does not pull on ⟨u, i⟩ (<see cref="RatingLossUpdatesEmbeddings"/>), so it gets a
    /// larger share of the gradient than in TensorFlow Recommenders' 1 : 1 multitask example, where it moves
    /// everything.
    /// </summary>
    public const float RatingLossWeight = 2f;

    /// <summary>
    /// Off: the embeddings are the retrieval score's, shaped by the retrieval and pairwise tasks alone, and the rating
    /// head reads ⟨u, i⟩ without pulling on it. With the rating loss reshaping the shared embeddings (weight 1, the
    /// TensorFlow Recommenders recipe) full-catalogue Recall@10 fell from 0.159 (popularity prior, no head) to 0.145 on
    /// ml-latest-small; kept off the embeddings at weight 2 it is 0.156, with warm nDCG@10 unchanged on both datasets
    /// and pseudo cold-user nDCG@10 0.698 → 0.707 (3 seeds each; README, Ablation).
    /// </summary>
    public const bool RatingLossUpdatesEmbeddings = false;

    /// <summary>On: validation decides how much of it to use (β = 0 is a candidate).</summary>
    public const bool PopularityPrior = true;

    /// <summary>
    /// β candidates. log(1 + n) spans 0 to ~6 on ml-latest-small against a cosine's 2, so 0.5 already ranks mostly by
    /// popularity and 0.02 nudges only between near-equal cosines. 0.15 and 0.3 fill the range where popularity starts
    /// to dominate: on the Zipf-popular pseudo data validation picks there, and full-catalogue Recall@10 rose from
    /// 0.276 to 0.283 (3 seeds; ml-latest-small chose the same β as before and did not change).
    /// </summary>
    public static float[] PopularityPriorWeightCandidates => [0f, 0.02f, 0.05f, 0.1f, 0.15f, 0.2f, 0.3f, 0.5f];

    /// <summary>
    /// λ candidates, in rating units per unit of retrieval score (a cosine spans 2): from the predicted rating alone
    /// to a score the retrieval term dominates.
    /// </summary>
    public static float[] ScoreMixCandidates => [0f, 0.25f, 0.5f, 1f, 2f, 4f];

    /// <summary>2,000 validation users: all of ml-latest-small's 610, a bounded cost per epoch on large data.</summary>
    public const int MaxValidationUsers = 2000;

    /// <summary>
    /// 32-wide id tables: a quarter of the first hidden layer, enough for 610 users / 9.7k films of ml-latest-small
    /// without letting ids drown the genre/year/title features.
    /// </summary>
    public const int UserIdEmbeddingSize = 32;
    public const int ItemIdEmbeddingSize = 32;

    /// <summary>The user's history vector (<see cref="TwoTowerTrainer.Options.UserHistoryEmbeddingSize"/>): off.</summary>
    public const int UserHistoryEmbeddingSize = 0;

    /// <summary>
    /// 0.3: ids are dropped often enough that the unknown row learns a useful features-only (or, for users without
    /// features, popularity-like) embedding, rarely enough that known ids still carry their history.
    /// </summary>
    public const float IdDropoutRate = 0.3f;

    /// <summary>10% of positives held out for Recall@10 after every epoch (≈ 4.8k pairs on ml-latest-small).</summary>
    public const float ValidationFraction = 0.1f;
    public const int ValidationTopK = 10;

    /// <summary>Stop after 3 epochs without a better validation recall; Recall@10 on 10% of MovieLens is noisy.</summary>
    public const int EarlyStoppingPatience = 3;

    /// <summary>ε of every batch normalisation (PyTorch's default).</summary>
    public const float BatchNormEpsilon = 1e-5f;

    /// <summary>Momentum of the batch-normalisation running statistics (PyTorch's default).</summary>
    public const double BatchNormMomentum = 0.1;
}
