namespace MLNet.TwoTower.Modeling;

/// <summary>
/// Everything a fitted Two-Tower model is: both towers' weights, the learned temperature and the columns it reads.
/// Training produces it; persistence turns it into ONNX graphs inside an ML.NET transformer chain.
/// </summary>
public sealed class TwoTowerModelParameters
{
    /// <summary>The user tower.</summary>
    public required TowerWeights UserTower { get; init; }

    /// <summary>The item tower.</summary>
    public required TowerWeights ItemTower { get; init; }

    /// <summary>The learned softmax temperature (scores are cosines; the temperature only scales the training logits).</summary>
    public required float Temperature { get; init; }

    /// <summary>Key-typed user id column.</summary>
    public required string UserIdColumnName { get; init; }

    /// <summary>Key-typed item id column.</summary>
    public required string ItemIdColumnName { get; init; }

    /// <summary>User feature vector column, or null when the user tower reads only the id.</summary>
    public string? UserFeaturesColumnName { get; init; }

    /// <summary>Item feature vector column, or null when the item tower reads only the id.</summary>
    public string? ItemFeaturesColumnName { get; init; }

    /// <summary>Cardinality of the user key type the model was trained on.</summary>
    public required int UserKeyCount { get; init; }

    /// <summary>Cardinality of the item key type the model was trained on.</summary>
    public required int ItemKeyCount { get; init; }

    /// <summary>What <c>Fit</c> chose on its validation slice, and the terms it learned; null for models from before
    /// these choices existed.</summary>
    public TwoTowerFitChoices? Choices { get; init; }
}
