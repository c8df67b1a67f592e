using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower.Training.Heads;

/// <summary>
/// Which scalar terms the model has next to the embeddings, where each comes from, and how the chosen values (β, λ)
/// and the learned μ and w become the exported vectors' coordinates:
/// <list type="bullet">
/// <item>item embedding <c>[z_i ‖ q_i? ‖ b_i, 1?]</c> — q the log-popularity prior (per key), b the rating bias (head);</item>
/// <item>user embedding <c>[z_u ‖ β? ‖ 0, 0?]</c>, so retrieval score = ⟨z_u, z_i⟩ + β·q_i;</item>
/// <item>user ranking vector <c>[(w + λ)·z_u ‖ λβ? ‖ 1, b_u + μ]</c>, so Score = μ + b_u + b_i + w·⟨z_u, z_i⟩ + λ·retrieval score.</item>
/// </list>
/// </summary>
internal sealed record ScoreTerms(bool Rating, string RatingNote, bool PopularityPrior, string PriorNote = "")
{
    /// <summary>User head column of the rating bias b_u.</summary>
    public const int UserRatingBiasColumn = 0;

    /// <summary>Item head column of the rating bias b_i.</summary>
    public const int ItemRatingBiasColumn = 0;

    public int UserHeadSize => Rating ? 1 : 0;

    public int ItemHeadSize => Rating ? 1 : 0;

    /// <summary>Coordinates appended to both retrieval embeddings.</summary>
    private int ExtraSize => (PopularityPrior ? 1 : 0) + (Rating ? 2 : 0);

    /// <summary>
    /// Decides from the options and the data. The ranking head needs a rating scale to regress: it is off for Boolean
    /// labels and when every row has the same label (implicit feedback: every interaction a positive). The prior is
    /// looked up by item key, so it needs the item id table.
    /// </summary>
    public static ScoreTerms Decide(TrainingSettings settings, InteractionStore data, bool itemHasIdTable = true)
    {
        var ratings = data.PositiveRatings.Concat(data.NegativeRatings);
        string note;
        bool rating;
        if (settings.RatingLossWeight <= 0)
            (rating, note) = (false, "off: RatingLossWeight is 0");
        else if (data.RatingsAreBoolean)
            (rating, note) = (false, "off: the label is Boolean, so there is no rating to regress; the retrieval and pairwise tasks rank");
        else if (data.PositiveRatings.Length != data.PositiveCount)
            (rating, note) = (false, "off: no ratings were read");
        else if (ratings.Distinct().Take(2).Count() < 2)
            (rating, note) = (false, $"off: every label is {data.PositiveRatings.FirstOrDefault()} (implicit feedback), so there is no rating to regress; the retrieval and pairwise tasks rank");
        else
            (rating, note) = (true, $"on, weight {settings.RatingLossWeight}");
        var (prior, priorNote) = !settings.PopularityPrior
            ? (false, "off: PopularityPrior is false")
            : itemHasIdTable
                ? (true, "on")
                : (false, "off: the prior is looked up by item key, and the item tower has no id table (ItemIdEmbeddingSize 0)");
        return new ScoreTerms(rating, note, prior, priorNote);
    }

    /// <summary>log(1 + positives) of every item key in <paramref name="positiveItemKeys"/>; row 0 (unknown) is 0.</summary>
    public static float[] LogPopularity(int[] positiveItemKeys, int itemKeyCount)
    {
        var counts = new int[itemKeyCount + 1];
        foreach (var key in positiveItemKeys)
            counts[key]++;
        var prior = counts.Select(c => MathF.Log(1 + c)).ToArray();
        prior[0] = 0f;
        return prior;
    }

    /// <summary>The item embedding's extra coordinates: <c>[q? ‖ b, 1?]</c>; null when there are none.</summary>
    public EmbeddingAugmentation? ItemRetrieval()
    {
        if (ExtraSize == 0)
            return null;
        var priorWeight = PopularityPrior ? new float[ExtraSize] : [];
        var weight = Rating ? new float[ItemHeadSize * ExtraSize] : [];
        var bias = new float[ExtraSize];
        var column = 0;
        if (PopularityPrior)
            priorWeight[column++] = 1f;
        if (Rating)
        {
            weight[ItemRatingBiasColumn * ExtraSize + column++] = 1f;
            bias[column] = 1f;
        }
        return new EmbeddingAugmentation { ExtraWeight = weight, PriorWeight = priorWeight, ExtraBias = bias };
    }

    /// <summary>The user embedding's extra coordinates: <c>[β? ‖ 0, 0?]</c>, constants.</summary>
    public EmbeddingAugmentation? UserRetrieval(float beta)
    {
        if (ExtraSize == 0)
            return null;
        var bias = new float[ExtraSize];
        if (PopularityPrior)
            bias[0] = beta;
        return new EmbeddingAugmentation { ExtraBias = bias };
    }

    /// <summary>The user ranking vector <c>[(w + λ)·z ‖ λβ? ‖ 1, b_u + μ]</c>; null without a ranking head.</summary>
    public EmbeddingAugmentation? UserRanking(float beta, float lambda, float globalBias, float ratingScale)
    {
        if (!Rating)
            return null;
        var weight = new float[UserHeadSize * ExtraSize];
        var bias = new float[ExtraSize];
        var column = 0;
        if (PopularityPrior)
            bias[column++] = lambda * beta;
        bias[column++] = 1f;
        weight[UserRatingBiasColumn * ExtraSize + column] = 1f;
        bias[column] = globalBias;
        return new EmbeddingAugmentation { EmbeddingScale = ratingScale + lambda, ExtraWeight = weight, ExtraBias = bias };
    }
}
