using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower.Training.Heads;

/// <summary>
/// Which scalar terms the model learns next to the embeddings, where each sits in the towers' heads, and how the
/// chosen values (β, λ) and the learned μ and w become the exported vectors' coordinates:
/// <list type="bullet">
/// <item>item embedding <c>[z_i ‖ p_i? ‖ b_i, 1?]</c> — p the retrieval bias, b the rating bias;</item>
/// <item>user embedding <c>[z_u ‖ β? ‖ 0, 0?]</c>, so retrieval score = ⟨z_u, z_i⟩ + β·p_i;</item>
/// <item>user ranking vector <c>[(w + λ)·z_u ‖ λβ? ‖ 1, b_u + μ]</c>, so Score = μ + b_u + b_i + w·⟨z_u, z_i⟩ + λ·retrieval score.</item>
/// </list>
/// </summary>
internal sealed record ScoreTerms(bool Rating, string RatingNote, bool RetrievalBias)
{
    /// <summary>Item head column of the retrieval bias p.</summary>
    public const int ItemRetrievalBiasColumn = 0;

    /// <summary>User head column of the rating bias b_u.</summary>
    public const int UserRatingBiasColumn = 0;

    public int UserHeadSize => Rating ? 1 : 0;

    public int ItemHeadSize => (RetrievalBias ? 1 : 0) + (Rating ? 1 : 0);

    /// <summary>Item head column of the rating bias b_i.</summary>
    public int ItemRatingBiasColumn => RetrievalBias ? 1 : 0;

    /// <summary>Coordinates appended to both retrieval embeddings.</summary>
    private int ExtraSize => (RetrievalBias ? 1 : 0) + (Rating ? 2 : 0);

    /// <summary>
    /// Decides from the options and the data. The ranking head needs a rating scale to regress: it is off for Boolean
    /// labels and when every row has the same label (implicit feedback: every interaction a positive).
    /// </summary>
    public static ScoreTerms Decide(TrainingSettings settings, InteractionStore data)
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
        return new ScoreTerms(rating, note, settings.RetrievalBias);
    }

    /// <summary>The item embedding's extra coordinates: <c>[p? ‖ b, 1?]</c>; null when there are none.</summary>
    public EmbeddingAugmentation? ItemRetrieval()
    {
        if (ExtraSize == 0)
            return null;
        var weight = new float[ItemHeadSize * ExtraSize];
        var bias = new float[ExtraSize];
        var column = 0;
        if (RetrievalBias)
            weight[ItemRetrievalBiasColumn * ExtraSize + column++] = 1f;
        if (Rating)
        {
            weight[ItemRatingBiasColumn * ExtraSize + column++] = 1f;
            bias[column] = 1f;
        }
        return new EmbeddingAugmentation { ExtraWeight = weight, ExtraBias = bias };
    }

    /// <summary>The user embedding's extra coordinates: <c>[β? ‖ 0, 0?]</c>, constants.</summary>
    public EmbeddingAugmentation? UserRetrieval(float beta)
    {
        if (ExtraSize == 0)
            return null;
        var bias = new float[ExtraSize];
        if (RetrievalBias)
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
        if (RetrievalBias)
            bias[column++] = lambda * beta;
        bias[column++] = 1f;
        weight[UserRatingBiasColumn * ExtraSize + column] = 1f;
        bias[column] = globalBias;
        return new EmbeddingAugmentation { EmbeddingScale = ratingScale + lambda, ExtraWeight = weight, ExtraBias = bias };
    }
}
