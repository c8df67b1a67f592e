using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Training;

namespace MLNet.TwoTower;

public sealed partial class TwoTowerTrainer
{
    /// <summary>
    /// Settings of <see cref="TwoTowerTrainer"/>. Every member has a working default: the reference experiment's
    /// towers [128, 64] and batch 256, InfoNCE over in-batch and uniform negatives with logQ correction, explicit
    /// negatives and a pairwise ranking task, learned ids with id dropout, Adam 2e-3 for up to 20 epochs with early
    /// stopping. <c>src/MLNet.TwoTower.Training/Training/README.md</c> explains each piece; <c>eng/ablation</c> measures it.
    /// </summary>
    public sealed class Options
    {
        /// <summary>
        /// Key-typed column holding the user id (build it with <c>MapValueToKey</c>). Default <c>"UserId"</c>.
        /// </summary>
        public string UserIdColumnName { get; set; } = DefaultColumnNames.UserId;

        /// <summary>
        /// Key-typed column holding the item id (build it with <c>MapValueToKey</c>). Default <c>"ItemId"</c>.
        /// </summary>
        public string ItemIdColumnName { get; set; } = DefaultColumnNames.ItemId;

        /// <summary>
        /// Known-size <see cref="float"/> vector column with the user's features. Every row of one user must carry the
        /// same vector: the trainer stores it once per user. Default <c>"UserFeatures"</c>. <see langword="null"/> or
        /// empty: the user tower reads only the id (then <see cref="UserIdEmbeddingSize"/> must be above 0), as for
        /// MovieLens users, who have no features.
        /// </summary>
        public string? UserFeaturesColumnName { get; set; } = DefaultColumnNames.UserFeatures;

        /// <summary>
        /// Known-size <see cref="float"/> vector column with the item's features. Every row of one item must carry the
        /// same vector: the trainer stores it once per item. Default <c>"ItemFeatures"</c>. <see langword="null"/> or
        /// empty: the item tower reads only the id (then <see cref="ItemIdEmbeddingSize"/> must be above 0).
        /// </summary>
        public string? ItemFeaturesColumnName { get; set; } = DefaultColumnNames.ItemFeatures;

        /// <summary>
        /// Label column: a <see cref="float"/> rating compared with <see cref="PositiveThreshold"/>, or a
        /// <see cref="bool"/> that is <see langword="true"/> for positives. Only positive rows become training pairs;
        /// the other items in a batch act as negatives. Default <c>"Label"</c>.
        /// </summary>
        public string LabelColumnName { get; set; } = DefaultColumnNames.Label;

        /// <summary>
        /// A <see cref="float"/> label at or above this value marks a positive (user, item) pair. Default 4 (4 or 5
        /// stars on MovieLens). Ignored for <see cref="bool"/> labels. Too high a threshold leaves few pairs to learn
        /// from; too low a one teaches the model to retrieve items the user disliked.
        /// </summary>
        public float PositiveThreshold { get; set; } = TwoTowerTrainerDefaults.PositiveThreshold;

        /// <summary>
        /// Widths of the tower layers, the same for both towers. Each hidden layer is
        /// <c>Linear → BatchNorm → LeakyReLU → Dropout</c>; the last size is the embedding width. Default [128, 64].
        /// Wider layers fit more but overfit small data sets and train slower.
        /// </summary>
        public int[] TowerLayerSizes { get; set; } = TwoTowerTrainerDefaults.TowerLayerSizes;

        /// <summary>
        /// Dropout probability after every hidden layer, in [0, 1). Default 0.2. 0 turns dropout off (risk of
        /// overfitting); values near 1 drown the signal.
        /// </summary>
        public float DropoutRate { get; set; } = TwoTowerTrainerDefaults.DropoutRate;

        /// <summary>Negative slope of the LeakyReLU activations, in [0, 1). Default 0.01.</summary>
        public float LeakyReluSlope { get; set; } = TwoTowerTrainerDefaults.LeakyReluSlope;

        /// <summary>
        /// Whether the output layer gets batch normalisation and a LeakyReLU like the hidden layers. Default
        /// <see langword="false"/>: a plain linear output works better for dot-product retrieval, because an activation
        /// squashes the negative half of every coordinate (embeddings crowd into one orthant, so all cosines become
        /// positive and similar) and batch normalisation fixes per-coordinate statistics that the L2 normalisation
        /// then distorts.
        /// </summary>
        public bool ActivateOutputLayer { get; set; } = TwoTowerTrainerDefaults.ActivateOutputLayer;

        /// <summary>
        /// Whether both towers divide their output by its L2 norm, so that scores are cosines in [-1, 1]. Default
        /// <see langword="true"/>. Without it, scores are raw dot products and popular items tend to grow long vectors.
        /// </summary>
        public bool NormalizeEmbeddings { get; set; } = TwoTowerTrainerDefaults.NormalizeEmbeddings;

        /// <summary>
        /// Softmax temperature τ at the start of training: logits are <c>user·item / τ</c>. Default 0.07. Must lie in
        /// [0.01, 1]. Smaller values sharpen the softmax (strong push on hard negatives, risk of instability); larger
        /// values flatten it (slow learning).
        /// </summary>
        public float InitialTemperature { get; set; } = TwoTowerTrainerDefaults.InitialTemperature;

        /// <summary>
        /// Whether τ is learned (as log τ, clamped to [0.01, 1] after every step). Default <see langword="true"/>.
        /// </summary>
        public bool LearnTemperature { get; set; } = TwoTowerTrainerDefaults.LearnTemperature;

        /// <summary>
        /// The most passes over the positive pairs (validation keeps the best epoch and may stop sooner). Default null:
        /// chosen from the data — <see cref="TwoTowerTrainerDefaults.NumberOfEpochs"/> when ratings or disliked items
        /// give the model something to rank by, <see cref="TwoTowerTrainerDefaults.RetrievalOnlyNumberOfEpochs"/> when
        /// retrieval is the only task (implicit feedback), which learns more slowly; the progress reports say which.
        /// </summary>
        public int? NumberOfEpochs { get; set; }

        /// <summary>
        /// Positive pairs per batch; each pair's negatives are the other items of its batch, so larger batches give
        /// more (and harder) negatives per step. At least 2. Default 256.
        /// </summary>
        public int BatchSize { get; set; } = TwoTowerTrainerDefaults.BatchSize;

        /// <summary>
        /// Adam's learning rate. Default 2e-3 (the reference experiment used 1e-3). Too high a learning rate makes the loss diverge (the trainer then stops
        /// with an error); too low a one barely moves the weights.
        /// </summary>
        public float LearningRate { get; set; } = TwoTowerTrainerDefaults.LearningRate;

        /// <summary>
        /// Validation, early stopping and the saved model use an exponential moving average of the weights over about
        /// this many epochs (Polyak averaging, as Keras' <c>use_ema</c> or PyTorch's <c>AveragedModel</c>) instead of the
        /// last step's weights; training itself continues from the live weights. Expressed in epochs so that one value
        /// means the same on data of any size; early in training the average is shorter (a tenth of the steps so far, as
        /// TensorFlow's <c>ExponentialMovingAverage</c> warms up). 0 turns it off. Default null: chosen from the data —
        /// <see cref="TwoTowerTrainerDefaults.WeightAveragingEpochs"/> when ratings or disliked items give the model
        /// something to rank by (the averaged weights rank and retrieve better there), off when retrieval is the only
        /// task (implicit feedback, where it ranked worse); the progress reports' validation figures are those of the
        /// weights this chooses.
        /// </summary>
        public float? WeightAveragingEpochs { get; set; }

        /// <summary>
        /// Whether, after the validated run has chosen the epoch count, β and λ, the towers are trained again from the
        /// start on all the data — the validation slice included — for that many epochs with those choices (what
        /// scikit-learn's <c>refit</c> does after a search). It costs up to the kept epoch's training time again and
        /// cannot be checked on validation. Default null: chosen from the data — off when ratings or disliked items give the
        /// model something to rank by (<see cref="TwoTowerTrainerDefaults.RefitOnAllData"/>: it bought nothing there), on
        /// when retrieval is the only task (<see cref="TwoTowerTrainerDefaults.RetrievalOnlyRefitOnAllData"/>: implicit
        /// feedback, where every held-out positive is data the model misses). The training log states the choice. Without
        /// validation there is nothing to refit.
        /// </summary>
        public bool? RefitOnAllData { get; set; }

        /// <summary>
        /// Sampling-bias (logQ) correction of the in-batch negatives (Yi et al., RecSys 2019): every candidate's logit
        /// gets <c>−log p</c>, p being its probability of appearing in a batch. Default
        /// <see cref="SamplingBiasCorrection.ExactCounts"/>. Without it, popular items (the most frequent in-batch
        /// negatives) are pushed down and retrieval under-recommends them.
        /// </summary>
        public SamplingBiasCorrection SamplingBiasCorrection { get; set; } = TwoTowerTrainerDefaults.SamplingBiasCorrection;

        /// <summary>
        /// Whether a candidate that is the same item as a row's positive (the item occurs twice in the batch) is
        /// removed from that row's softmax instead of counting as a negative. Default <see langword="true"/>; without it
        /// the model is taught that a liked item is not liked, which hurts popular items most.
        /// </summary>
        public bool RemoveAccidentalHits { get; set; } = TwoTowerTrainerDefaults.RemoveAccidentalHits;

        /// <summary>
        /// Mixed negative sampling (Yang et al., WWW 2020): this many catalogue items, drawn uniformly (seeded) per
        /// batch, join the in-batch negatives of every row, with their own logQ correction (unless
        /// <see cref="SamplingBiasCorrection"/> is None). At least 0; default 256; 0 turns it off. Helps the long tail,
        /// which in-batch negatives rarely contain; costs one item-tower pass per extra item, so training takes about
        /// twice as long at the default.
        /// </summary>
        public int UniformNegativeCount { get; set; } = TwoTowerTrainerDefaults.UniformNegativeCount;

        /// <summary>
        /// Explicit negative feedback as hard negatives: for every positive pair, one item the same user rated below
        /// <see cref="PositiveThreshold"/> (or labelled <see langword="false"/>) is drawn (seeded) and joins that pair's
        /// softmax, counted as this many in-batch negatives (its logit gets <c>+log w</c>, and the logQ correction like
        /// any candidate). 0 leaves it out of the softmax; when <see cref="PairwiseRankingWeight"/> is 0 too, rows
        /// below the threshold are ignored, as in the reference experiment. Default
        /// <see cref="TwoTowerTrainerDefaults.ExplicitNegativeWeight"/>. In-batch negatives only teach what a user did
        /// not pick; these teach what a user picked and disliked. Data without rows below the threshold (implicit
        /// feedback) has none, and then this setting changes nothing. Costs one item-tower pass per drawn negative.
        /// </summary>
        public float ExplicitNegativeWeight { get; set; } = TwoTowerTrainerDefaults.ExplicitNegativeWeight;

        /// <summary>
        /// Weight of a ranking task next to the retrieval softmax: for every positive pair whose user has explicit
        /// negatives (see <see cref="ExplicitNegativeWeight"/>), a Bayesian personalised ranking term
        /// <c>−log σ((s⁺ − s⁻) / τ)</c> asks that the liked item outrank one the same user disliked. 0 turns it off.
        /// Default <see cref="TwoTowerTrainerDefaults.PairwiseRankingWeight"/>. The softmax ranks a user's liked item
        /// against everything else; this term ranks liked against disliked among the items the user chose, which is
        /// what ordering a user's rated items (the warm nDCG protocol) needs, and for the unknown-id row it learns
        /// which items tend to be liked at all. Too high a weight trades full-catalogue retrieval for that ordering:
        /// the model starts to avoid every item people rate, popular ones included.
        /// </summary>
        public float PairwiseRankingWeight { get; set; } = TwoTowerTrainerDefaults.PairwiseRankingWeight;

        /// <summary>
        /// Weight of the ranking head's loss next to the retrieval loss (the multitask recipe of TensorFlow Recommenders'
        /// retrieval + rating example). The head predicts a rating <c>μ + b_user + b_item + w·⟨u, i⟩</c>, each bias
        /// from its tower's last hidden layer (id and features, so a new user gets a features-only bias and a new item
        /// a content-only one), trained by squared error on every rated pair (positives and explicit negatives);
        /// <c>Score</c> is then the predicted rating plus the validated share of the retrieval score
        /// (<see cref="ScoreMixCandidates"/>). 0 turns it off. Default
        /// <see cref="TwoTowerTrainerDefaults.RatingLossWeight"/>. The head switches itself off, and says so in the
        /// training log, when there is nothing to regress: a Boolean label, or one label value on every row (implicit
        /// feedback, where the pairwise and retrieval tasks carry the ranking).
        /// </summary>
        public float RatingLossWeight { get; set; } = TwoTowerTrainerDefaults.RatingLossWeight;

        /// <summary>
        /// Whether the rating loss's gradient reaches the embeddings through <c>w·⟨u, i⟩</c>. With false the ranking head
        /// learns <c>w</c> and the biases (whose heads still train the towers' hidden layers) over embeddings that only
        /// the retrieval and pairwise tasks shape, so the rating task cannot pull <c>RetrievalScore</c> away from what
        /// the index should rank by. Default <see cref="TwoTowerTrainerDefaults.RatingLossUpdatesEmbeddings"/>.
        /// </summary>
        public bool RatingLossUpdatesEmbeddings { get; set; } = TwoTowerTrainerDefaults.RatingLossUpdatesEmbeddings;

        /// <summary>
        /// Whether the retrieval score carries a log-popularity prior: <c>⟨u, i⟩ + β·log(1 + n_i)</c>, n_i the item's
        /// training positives, with β chosen on validation Recall@K from <see cref="PopularityPriorWeightCandidates"/>
        /// (0 among them, so the prior is used only where it helps on the user's own data). The logQ correction trains
        /// the towers to rank by taste with popularity taken out; how much popularity belongs back in the top-K differs
        /// between datasets. In inner-product form (the user embedding ends with β, the item embedding with its prior),
        /// so exact search, the HNSW index and every protocol rank by the same number. Read by item key: needs the
        /// item id table; new items have prior 0. Default <see cref="TwoTowerTrainerDefaults.PopularityPrior"/>.
        /// </summary>
        public bool PopularityPrior { get; set; } = TwoTowerTrainerDefaults.PopularityPrior;

        /// <summary>
        /// The values of β (the prior's weight in the retrieval score) that validation Recall@K chooses from after every
        /// epoch. Default <see cref="TwoTowerTrainerDefaults.PopularityPriorWeightCandidates"/>. Each candidate costs one
        /// more ranking of the validation users' catalogue scores per epoch.
        /// </summary>
        public float[] PopularityPriorWeightCandidates { get; set; } = TwoTowerTrainerDefaults.PopularityPriorWeightCandidates;

        /// <summary>
        /// The values of λ in <c>Score = predicted rating + λ·retrieval score</c> that validation nDCG@K on held-out
        /// rated items chooses from, after every epoch (ratings and cosines have different scales, so the mix is the
        /// dataset's to decide). 0 ranks by the predicted rating alone. Default
        /// <see cref="TwoTowerTrainerDefaults.ScoreMixCandidates"/>.
        /// </summary>
        public float[] ScoreMixCandidates { get; set; } = TwoTowerTrainerDefaults.ScoreMixCandidates;

        /// <summary>
        /// The validation budget: at most this many held-out users (a seeded sample) are scored after every epoch for
        /// the choices above and early stopping. Default <see cref="TwoTowerTrainerDefaults.MaxValidationUsers"/>.
        /// </summary>
        public int MaxValidationUsers { get; set; } = TwoTowerTrainerDefaults.MaxValidationUsers;

        /// <summary>
        /// Width of the learned user id embedding concatenated after the user features; 0 turns it off. Default 32.
        /// The table has one row per user key plus row 0, the "unknown user" row that unseen or missing users read.
        /// </summary>
        public int UserIdEmbeddingSize { get; set; } = TwoTowerTrainerDefaults.UserIdEmbeddingSize;

        /// <summary>
        /// Width of the user's history vector, read after the user id embedding; 0 (the default) turns it off. The user
        /// tower then also reads the items the user trained with: a learned vector per item, summed over the user's
        /// items and divided by √n (SVD++'s implicit term), each training pair leaving its own item out. A user with
        /// few interactions starts from what their items share. The history travels with the id: id dropout drops it,
        /// a new user has none, and the saved model carries each known user's vector in their id row, so scoring reads
        /// no new input. Ignored when <see cref="UserIdEmbeddingSize"/> is 0.
        /// </summary>
        public int UserHistoryEmbeddingSize { get; set; } = TwoTowerTrainerDefaults.UserHistoryEmbeddingSize;

        /// <summary>Width of the learned item id embedding; 0 turns it off. Default 32. See <see cref="UserIdEmbeddingSize"/>.</summary>
        public int ItemIdEmbeddingSize { get; set; } = TwoTowerTrainerDefaults.ItemIdEmbeddingSize;

        /// <summary>
        /// Probability, during training, of replacing an id with the unknown row 0, in [0, 1). Default 0.3. It trains
        /// row 0, so one model serves entities with history (id + features) and new ones (features only). 0 leaves
        /// row 0 untrained: new users and items then get a meaningless id vector.
        /// </summary>
        public float IdDropoutRate { get; set; } = TwoTowerTrainerDefaults.IdDropoutRate;

        /// <summary>
        /// Fraction of positive pairs held out (seeded) for validation, in [0, 1). Default 0.1. After every epoch the
        /// trainer measures Recall@<see cref="ValidationTopK"/> on them over the full catalogue (excluding each user's
        /// training items), keeps the best epoch's weights and stops early (<see cref="EarlyStoppingPatience"/>), and
        /// chooses the popularity prior's β there. With the ranking head, the same fraction of the pairs rated below the
        /// threshold is held out too, and λ is chosen by nDCG@K of each user's held-out rated items. The model never
        /// trains on held-out pairs. 0 turns validation off: all pairs train, the last epoch is kept, β = λ = 0.
        /// </summary>
        public float ValidationFraction { get; set; } = TwoTowerTrainerDefaults.ValidationFraction;

        /// <summary>K of the validation Recall@K. At least 1; default 10.</summary>
        public int ValidationTopK { get; set; } = TwoTowerTrainerDefaults.ValidationTopK;

        /// <summary>
        /// Epochs without a better validation recall after which training stops. At least 1. Set it to
        /// <see cref="NumberOfEpochs"/> to run every epoch and still keep the best one. Default null: chosen from the
        /// data — <see cref="TwoTowerTrainerDefaults.EarlyStoppingPatience"/>, or
        /// <see cref="TwoTowerTrainerDefaults.RetrievalOnlyEarlyStoppingPatience"/> when retrieval is the only task
        /// (implicit feedback: its validation recall climbs slowly under noise, and a short patience stops on a lucky
        /// epoch).
        /// </summary>
        public int? EarlyStoppingPatience { get; set; }

        /// <summary>
        /// Seed for weight initialisation, dropout and shuffling. Default <see langword="null"/>: the
        /// <c>MLContext</c>'s seed (or a random one when the context has none). The same seed gives the same weights
        /// on CPU.
        /// </summary>
        public int? Seed { get; set; }

        /// <summary>
        /// Number of CPU threads TorchSharp may use while training. Default <see langword="null"/>: TorchSharp's own
        /// choice (one per core).
        /// </summary>
        public int? NumberOfThreads { get; set; }

        /// <summary>Receives one report after every epoch (loss, temperature, throughput). Optional.</summary>
        public IProgress<TwoTowerEpochProgress>? Progress { get; set; }

        /// <summary>
        /// Checked between batches; when cancelled, training stops with <see cref="OperationCanceledException"/> and
        /// releases its tensors. ML.NET's <c>MLContext.CancelExecution()</c> on the trainer's context stops it the same
        /// way (internal in Microsoft.ML 5.0; public as the <c>CancelExecution</c> extension of Microsoft.ML.Experimental).
        /// </summary>
        public CancellationToken CancellationToken { get; set; }

        /// <summary>A shallow copy, for a caller that trains with changed settings without touching the user's options.</summary>
        internal Options Clone() => (Options)MemberwiseClone();

        /// <summary>Throws one <see cref="ArgumentException"/> listing every invalid setting.</summary>
        internal void Validate()
        {
            var problems = new List<string>();
            void Require(bool ok, string problem)
            {
                if (!ok)
                    problems.Add(problem);
            }

            RequireName(UserIdColumnName, nameof(UserIdColumnName));
            RequireName(ItemIdColumnName, nameof(ItemIdColumnName));
            Require(!string.IsNullOrWhiteSpace(UserFeaturesColumnName) || UserIdEmbeddingSize > 0,
                $"The user tower reads nothing: {nameof(UserFeaturesColumnName)} is empty and {nameof(UserIdEmbeddingSize)} is 0. Name a feature column or set {nameof(UserIdEmbeddingSize)} above 0.");
            Require(!string.IsNullOrWhiteSpace(ItemFeaturesColumnName) || ItemIdEmbeddingSize > 0,
                $"The item tower reads nothing: {nameof(ItemFeaturesColumnName)} is empty and {nameof(ItemIdEmbeddingSize)} is 0. Name a feature column or set {nameof(ItemIdEmbeddingSize)} above 0.");
            RequireName(LabelColumnName, nameof(LabelColumnName));

            Require(float.IsFinite(PositiveThreshold), $"{nameof(PositiveThreshold)} must be a finite number; got {PositiveThreshold}.");
            if (TowerLayerSizes is null || TowerLayerSizes.Length == 0)
                problems.Add($"{nameof(TowerLayerSizes)} must list at least one layer width (the last one is the embedding width).");
            else
                Require(TowerLayerSizes.All(size => size > 0),
                    $"{nameof(TowerLayerSizes)} must hold positive widths; got [{string.Join(", ", TowerLayerSizes)}].");
            Require(DropoutRate >= 0 && DropoutRate < 1, $"{nameof(DropoutRate)} must be in [0, 1); got {DropoutRate}.");
            Require(LeakyReluSlope >= 0 && LeakyReluSlope < 1, $"{nameof(LeakyReluSlope)} must be in [0, 1); got {LeakyReluSlope}.");
            Require(InitialTemperature >= TwoTowerTrainerDefaults.MinTemperature && InitialTemperature <= TwoTowerTrainerDefaults.MaxTemperature,
                $"{nameof(InitialTemperature)} must be in [{TwoTowerTrainerDefaults.MinTemperature}, {TwoTowerTrainerDefaults.MaxTemperature}]; got {InitialTemperature}.");
            Require(NumberOfEpochs is null or > 0, $"{nameof(NumberOfEpochs)} must be at least 1 when set; got {NumberOfEpochs}.");
            Require(BatchSize >= 2,
                $"{nameof(BatchSize)} must be at least 2, because every pair's negatives are the other pairs of its batch; got {BatchSize}.");
            Require(LearningRate > 0 && float.IsFinite(LearningRate), $"{nameof(LearningRate)} must be a positive finite number; got {LearningRate}.");
            Require(Enum.IsDefined(SamplingBiasCorrection), $"{nameof(SamplingBiasCorrection)} must be None, ExactCounts or Streaming; got {(int)SamplingBiasCorrection}.");
            Require(UniformNegativeCount >= 0, $"{nameof(UniformNegativeCount)} must be 0 (off) or more; got {UniformNegativeCount}.");
            Require(ExplicitNegativeWeight >= 0 && float.IsFinite(ExplicitNegativeWeight),
                $"{nameof(ExplicitNegativeWeight)} must be 0 (off) or a positive finite number; got {ExplicitNegativeWeight}.");
            Require(PairwiseRankingWeight >= 0 && float.IsFinite(PairwiseRankingWeight),
                $"{nameof(PairwiseRankingWeight)} must be 0 (off) or a positive finite number; got {PairwiseRankingWeight}.");
            Require(RatingLossWeight >= 0 && float.IsFinite(RatingLossWeight),
                $"{nameof(RatingLossWeight)} must be 0 (off) or a positive finite number; got {RatingLossWeight}.");
            RequireCandidates(PopularityPriorWeightCandidates, nameof(PopularityPriorWeightCandidates));
            RequireCandidates(ScoreMixCandidates, nameof(ScoreMixCandidates));
            Require(WeightAveragingEpochs is null || (WeightAveragingEpochs >= 0 && float.IsFinite(WeightAveragingEpochs.Value)),
                $"{nameof(WeightAveragingEpochs)} must be null (chosen from the data), 0 (off) or a positive finite number; got {WeightAveragingEpochs}.");
            Require(MaxValidationUsers >= 1, $"{nameof(MaxValidationUsers)} must be at least 1; got {MaxValidationUsers}.");
            Require(UserIdEmbeddingSize >= 0, $"{nameof(UserIdEmbeddingSize)} must be 0 (off) or more; got {UserIdEmbeddingSize}.");
            Require(UserHistoryEmbeddingSize >= 0, $"{nameof(UserHistoryEmbeddingSize)} must be 0 (off) or more; got {UserHistoryEmbeddingSize}.");
            Require(ItemIdEmbeddingSize >= 0, $"{nameof(ItemIdEmbeddingSize)} must be 0 (off) or more; got {ItemIdEmbeddingSize}.");
            Require(IdDropoutRate >= 0 && IdDropoutRate < 1, $"{nameof(IdDropoutRate)} must be in [0, 1); got {IdDropoutRate}.");
            Require(ValidationFraction >= 0 && ValidationFraction < 1, $"{nameof(ValidationFraction)} must be in [0, 1); got {ValidationFraction}.");
            Require(ValidationTopK >= 1, $"{nameof(ValidationTopK)} must be at least 1; got {ValidationTopK}.");
            Require(EarlyStoppingPatience is null or >= 1, $"{nameof(EarlyStoppingPatience)} must be at least 1 when set; got {EarlyStoppingPatience}.");
            Require(NumberOfThreads is null or > 0, $"{nameof(NumberOfThreads)} must be at least 1 when set; got {NumberOfThreads}.");

            if (problems.Count > 0)
                throw new ArgumentException(
                    $"Invalid {nameof(TwoTowerTrainer)}.{nameof(Options)}: " + string.Join(" ", problems), "options");

            void RequireCandidates(float[]? values, string member) =>
                Require(values is { Length: > 0 } && values.All(v => v >= 0 && float.IsFinite(v)),
                    $"{member} must list at least one finite value ≥ 0; got [{string.Join(", ", values ?? [])}].");

            void RequireName(string? name, string member) =>
                Require(!string.IsNullOrWhiteSpace(name), $"{member} must name a column; got {(name is null ? "null" : "an empty string")}.");
        }
    }
}
