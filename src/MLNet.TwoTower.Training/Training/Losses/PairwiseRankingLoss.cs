using MLNet.TwoTower.Modeling;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training.Losses;

/// <summary>
/// Bayesian personalised ranking (Rendle et al., UAI 2009) between a user's liked and disliked items:
/// <c>mean softplus((s⁻ − s⁺) / τ)</c> = <c>−mean log σ((s⁺ − s⁻) / τ)</c>, with s the dot product of the user's and
/// the item's embeddings. The softmax of <see cref="InfoNceLoss"/> sees a disliked item as one negative among hundreds,
/// so it barely learns from it; this term asks directly that each liked item outrank the same user's disliked one,
/// which is what ranking a user's own rated items needs.
/// </summary>
internal static class PairwiseRankingLoss
{
    /// <summary>Computes the mean pairwise loss; the caller owns the returned scalar.</summary>
    /// <param name="users">[P, d] the user of each pair.</param>
    /// <param name="liked">[P, d] the item each user liked.</param>
    /// <param name="disliked">[P, d] an item the same user disliked.</param>
    /// <param name="temperature">Scalar τ &gt; 0: the ranking task's own (<c>TwoTowerNetwork.RankingTemperature</c>), so
    /// it can order a user's items with small cosine margins without rescaling the retrieval softmax.</param>
    public static Tensor Compute(Tensor users, Tensor liked, Tensor disliked, Tensor temperature)
    {
        if (users.dim() != 2 || !users.shape.SequenceEqual(liked.shape) || !users.shape.SequenceEqual(disliked.shape))
        {
            throw new ArgumentException(
                $"Users, liked and disliked items must all be [pairs, width]; got [{string.Join(", ", users.shape)}], [{string.Join(", ", liked.shape)}] and [{string.Join(", ", disliked.shape)}].",
                nameof(disliked));
        }

        using var scope = NewDisposeScope();
        var margin = users.mul(liked).sum(1).sub(users.mul(disliked).sum(1)).div(temperature);
        // −log σ rather than softplus, whose β and threshold TorchSharp passes as temporary Scalars (see ExplicitScalars).
        return nn.functional.logsigmoid(margin).neg().mean().MoveToOuterDisposeScope();
    }
}
