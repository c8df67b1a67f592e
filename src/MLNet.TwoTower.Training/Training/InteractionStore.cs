namespace MLNet.TwoTower.Training;

/// <summary>
/// Everything training reads, held compactly: each user's and item's features once, and the positive and negative
/// (rated below the threshold) interactions as (user key, item key) pairs of Int32 (key counts are checked to fit).
/// Plain arrays, no ML.NET or TorchSharp types.
/// </summary>
internal sealed class InteractionStore
{
    public InteractionStore(FeatureTable users, FeatureTable items, int[] positiveUserKeys, int[] positiveItemKeys,
        int[]? catalogItemKeys = null, int[]? negativeUserKeys = null, int[]? negativeItemKeys = null)
    {
        if (positiveUserKeys.Length != positiveItemKeys.Length)
            throw new ArgumentException("Every positive pair needs both a user key and an item key.", nameof(positiveItemKeys));
        if ((negativeUserKeys?.Length ?? 0) != (negativeItemKeys?.Length ?? 0))
            throw new ArgumentException("Every negative pair needs both a user key and an item key.", nameof(negativeItemKeys));
        Users = users;
        Items = items;
        PositiveUserKeys = positiveUserKeys;
        PositiveItemKeys = positiveItemKeys;
        CatalogItemKeys = catalogItemKeys ?? positiveItemKeys.Distinct().Order().ToArray();
        NegativeUserKeys = negativeUserKeys ?? [];
        NegativeItemKeys = negativeItemKeys ?? [];
    }

    public FeatureTable Users { get; }

    public FeatureTable Items { get; }

    public int[] PositiveUserKeys { get; }

    public int[] PositiveItemKeys { get; }

    /// <summary>User keys of the rows whose label is below the positive threshold (or false): explicit negatives.</summary>
    public int[] NegativeUserKeys { get; }

    /// <summary>Item keys of the explicit negatives, aligned with <see cref="NegativeUserKeys"/>.</summary>
    public int[] NegativeItemKeys { get; }

    /// <summary>Every item key that occurs in the data (positive or not), ascending: the retrieval catalogue.</summary>
    public int[] CatalogItemKeys { get; }

    public int PositiveCount => PositiveUserKeys.Length;

    /// <summary>The label of every positive pair, aligned with <see cref="PositiveUserKeys"/>; empty when unknown
    /// (the ranking head then has nothing to regress).</summary>
    public float[] PositiveRatings { get; init; } = [];

    /// <summary>The label of every negative pair, aligned with <see cref="NegativeUserKeys"/>.</summary>
    public float[] NegativeRatings { get; init; } = [];

    /// <summary>Whether the labels were Booleans (read as 1 and 0): presence, not a rating scale.</summary>
    public bool RatingsAreBoolean { get; init; }
}
