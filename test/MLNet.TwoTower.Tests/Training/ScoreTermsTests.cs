using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Training;
using MLNet.TwoTower.Training.Heads;
using MLNet.TwoTower.Training.Validation;

namespace MLNet.TwoTower.Tests.Training;

public class ScoreTermsTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void Augmentations_DotProducts_AreTheRetrievalAndRankingScores(bool rating, bool popularityPrior)
    {
        var terms = new ScoreTerms(rating, "test", popularityPrior);
        float beta = 0.5f, lambda = 2f, mu = 3.4f, w = 1.7f;
        float[] zu = [0.6f, 0.8f, 0f], zi = [0.28f, -0.96f, 0f];
        float q = 2.3f, bi = -0.4f, bu = 0.25f;
        float[] itemHead = rating ? [bi] : [];
        float[] userHead = rating ? [bu] : [];

        var item = Apply(terms.ItemRetrieval(), zi, itemHead, q);
        var user = Apply(terms.UserRetrieval(beta), zu, userHead, 0f);
        var cosine = Dot(zu, zi);
        var retrieval = cosine + (popularityPrior ? beta * q : 0f);
        Assert.Equal(retrieval, Dot(user, item), 5);

        var ranking = terms.UserRanking(beta, lambda, mu, w);
        if (rating)
            Assert.Equal(mu + bu + bi + w * cosine + lambda * retrieval, Dot(Apply(ranking, zu, userHead, 0f), item), 5);
        else
            Assert.Null(ranking);
    }

    [Fact]
    public void Decide_ConstantLabels_RankingHeadOffNamingImplicitFeedback()
    {
        var terms = ScoreTerms.Decide(Settings(), Store([5f, 5f, 5f], []));

        Assert.False(terms.Rating);
        Assert.Contains("implicit", terms.RatingNote);
        Assert.Equal(0, terms.UserHeadSize);
        Assert.Equal(0, terms.ItemHeadSize);
        Assert.True(terms.PopularityPrior);
    }

    [Fact]
    public void Decide_BooleanLabels_RankingHeadOff()
    {
        var terms = ScoreTerms.Decide(Settings(), Store([1f, 1f, 1f], [0f]));
        Assert.True(terms.Rating); // a plain 1/0 float label still has two values
        var boolean = ScoreTerms.Decide(Settings(), new InteractionStore(Table(), Table(), [1, 2, 3], [1, 2, 3])
        {
            PositiveRatings = [1f, 1f, 1f], RatingsAreBoolean = true,
        });
        Assert.False(boolean.Rating);
        Assert.Contains("Boolean", boolean.RatingNote);
    }

    [Fact]
    public void Decide_RatingsVaryAndWeightZero_OffBecauseOfTheOption()
    {
        var on = ScoreTerms.Decide(Settings(), Store([5f, 4f, 4.5f], [1f]));
        var off = ScoreTerms.Decide(Settings(ratingLossWeight: 0f), Store([5f, 4f, 4.5f], [1f]));

        Assert.True(on.Rating);
        Assert.False(off.Rating);
        Assert.Contains("RatingLossWeight", off.RatingNote);
    }

    [Fact]
    public void Decide_NoItemIdTable_PriorOffSayingWhy()
    {
        var terms = ScoreTerms.Decide(Settings(), Store([5f, 4f, 4.5f], [1f]), itemHasIdTable: false);

        Assert.False(terms.PopularityPrior);
        Assert.Contains("id table", terms.PriorNote);
    }

    [Fact]
    public void LogPopularity_CountsPositivesPerKey_UnknownRowZero()
    {
        var prior = ScoreTerms.LogPopularity([1, 3, 3, 3], itemKeyCount: 3);

        Assert.Equal([0f, MathF.Log(2), 0f, MathF.Log(4)], prior);
    }

    [Fact]
    public void Ndcg_BinaryGains_MatchesHandComputedValue()
    {
        // Order by score: item 0 (not relevant), item 2 (relevant), item 1 (relevant).
        var ndcg = RankingValidator.Ndcg([0.9, 0.1, 0.5], [false, true, true], k: 10);

        var dcg = 1 / Math.Log2(3) + 1 / Math.Log2(4);
        var ideal = 1 + 1 / Math.Log2(3);
        Assert.Equal(dcg / ideal, ndcg, 10);
        Assert.Equal(1.0, RankingValidator.Ndcg([0.1, 0.9, 0.5], [false, true, true], k: 10), 10);
    }

    private static float[] Apply(EmbeddingAugmentation? augmentation, float[] z, float[] head, float prior)
    {
        if (augmentation is null)
            return z;
        var extras = augmentation.ExtraBias.ToArray();
        for (var e = 0; e < augmentation.PriorWeight.Length; e++)
            extras[e] += prior * augmentation.PriorWeight[e];
        if (augmentation.ExtraWeight.Length > 0)
            for (var e = 0; e < extras.Length; e++)
                for (var h = 0; h < head.Length; h++)
                    extras[e] += head[h] * augmentation.ExtraWeight[h * extras.Length + e];
        return [.. z.Select(v => v * augmentation.EmbeddingScale), .. extras];
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static FeatureTable Table() => new(3, 1);

    [Fact]
    public void Resolve_NotSet_LongerUnaveragedAndRefittedWhenRetrievalIsTheOnlyTask_SetValuesWin()
    {
        var unset = Settings(epochs: null, patience: null);

        Assert.Equal((20, 3, 1f, false), unset.Resolve(retrievalOnly: false));
        Assert.Equal((40, 6, 0f, true), unset.Resolve(retrievalOnly: true));
        Assert.Equal((7, 2, 0.5f, false), Settings(epochs: 7, patience: 2, averaging: 0.5f, refit: false).Resolve(retrievalOnly: true));
        Assert.Equal((20, 2, 0f, true), Settings(epochs: null, patience: 2, averaging: 0f, refit: true).Resolve(retrievalOnly: false));
    }

    private static InteractionStore Store(float[] positiveRatings, float[] negativeRatings) =>
        new(Table(), Table(), [1, 2, 3], [1, 2, 3], null,
            negativeRatings.Select(_ => 1).ToArray(), negativeRatings.Select(_ => 3).ToArray())
        {
            PositiveRatings = positiveRatings,
            NegativeRatings = negativeRatings,
        };

    private static TrainingSettings Settings(float ratingLossWeight = 1f, int? epochs = 1, int? patience = 1, float? averaging = null,
        bool? refit = null) => new()
    {
        NumberOfEpochs = epochs, BatchSize = 2, LearningRate = 0.01f, Seed = 1, NumberOfThreads = 1, InitialTemperature = 0.1f,
        LearnTemperature = true, MinTemperature = 0.01f, MaxTemperature = 1f,
        SamplingBiasCorrection = SamplingBiasCorrection.None, RemoveAccidentalHits = false, UniformNegativeCount = 0,
        ValidationFraction = 0, ValidationTopK = 10, EarlyStoppingPatience = patience, ExplicitNegativeWeight = 0,
        PairwiseRankingWeight = 0, RatingLossWeight = ratingLossWeight, RatingLossUpdatesEmbeddings = true, PopularityPrior = true,
        PopularityPriorWeightCandidates = [0f, 1f], ScoreMixCandidates = [0f, 1f], MaxValidationUsers = 10, WeightAveragingEpochs = averaging,
        RefitOnAllData = refit,
    };
}
