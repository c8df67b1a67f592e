using MLNet.TwoTower.Modeling;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training.Losses;

/// <summary>
/// The ranking head's regression: predicted rating <c>μ + b_user + b_item + w·⟨u, i⟩</c> against the label, mean
/// squared error over the given pairs (a batch's positives and its explicit negatives).
/// </summary>
internal static class RatingLoss
{
    /// <param name="users">[P, D] user embeddings of the pairs.</param>
    /// <param name="items">[P, D] item embeddings of the pairs.</param>
    /// <param name="userBias">[P] user rating biases.</param>
    /// <param name="itemBias">[P] item rating biases.</param>
    /// <param name="globalBias">Scalar μ.</param>
    /// <param name="scale">Scalar w.</param>
    /// <param name="ratings">[P] labels.</param>
    public static Tensor Compute(Tensor users, Tensor items, Tensor userBias, Tensor itemBias, Tensor globalBias,
        Tensor scale, Tensor ratings)
    {
        using var scope = NewDisposeScope();
        var cosine = users.mul(items).sum(1);
        var predicted = cosine.mul(scale).Plus(userBias).Plus(itemBias).Plus(globalBias);
        return nn.functional.mse_loss(predicted, ratings).MoveToOuterDisposeScope();
    }
}
