using System.Numerics.Tensors;
using MLNet.TwoTower.Baselines;

namespace MLNet.TwoTower.TwoStage.Features;

/// <summary>
/// The optional matrix-factorization score feature (<see cref="TwoStageTrainer.Options.MatrixFactorizationScore"/>):
/// a biased factor model's score laid out as two lookup tables whose row dot product is the score, user side
/// <c>[factors, 1, user bias + global]</c>, item side <c>[factors, item bias, 1]</c>. Row k belongs to key k; row 0
/// and keys the model never saw hold the fallback (zero factors and bias), so a cold pair scores the item's bias plus
/// the global mean, and a cold item the user's bias plus the mean. The same tables serve training rows, the
/// recommender and the saved chain's ONNX graph.
/// </summary>
internal sealed class MatrixFactorizationFeature
{
    private MatrixFactorizationFeature(float[] users, float[] items, int width, int userKeyCount, int itemKeyCount)
    {
        Users = users;
        Items = items;
        Width = width;
        UserKeyCount = userKeyCount;
        ItemKeyCount = itemKeyCount;
    }

    /// <summary>Row-major <c>(UserKeyCount + 1) × Width</c>.</summary>
    public float[] Users { get; }

    /// <summary>Row-major <c>(ItemKeyCount + 1) × Width</c>.</summary>
    public float[] Items { get; }

    /// <summary>Values per row: the rank plus two.</summary>
    public int Width { get; }

    public int UserKeyCount { get; }

    public int ItemKeyCount { get; }

    /// <summary>The tables of <paramref name="model"/> over the data's key ranges (keys beyond the model's read the fallback).</summary>
    public static MatrixFactorizationFeature From(MatrixFactorizationModelParameters model, int userKeyCount, int itemKeyCount)
    {
        int k = model.ApproximationRank, width = k + 2;
        var users = new float[(userKeyCount + 1) * width];
        var items = new float[(itemKeyCount + 1) * width];
        for (uint u = 0; u <= userKeyCount; u++)
        {
            var row = users.AsSpan((int)u * width, width);
            model.GetUserFactors(u).CopyTo(row);
            row[k] = 1f;
            row[k + 1] = model.GetUserBias(u) + model.GlobalBias;
        }
        for (uint i = 0; i <= itemKeyCount; i++)
        {
            var row = items.AsSpan((int)i * width, width);
            model.GetItemFactors(i).CopyTo(row);
            row[k] = model.GetItemBias(i);
            row[k + 1] = 1f;
        }
        return new MatrixFactorizationFeature(users, items, width, userKeyCount, itemKeyCount);
    }

    /// <summary>The score of (user, item); a key out of range reads row 0.</summary>
    public float Score(uint user, uint item) =>
        TensorPrimitives.Dot(Users.AsSpan(Row(user, UserKeyCount) * Width, Width), Items.AsSpan(Row(item, ItemKeyCount) * Width, Width));

    private static int Row(uint key, int keyCount) => key <= keyCount ? (int)key : 0;
}
