namespace MLNet.TwoTower.Training;

/// <summary>
/// Everything training reads, held compactly: each user's and item's features once, and the positive interactions as
/// (user key, item key) pairs of Int32 (key counts are checked to fit). Plain arrays, no ML.NET or TorchSharp types.
/// </summary>
internal sealed class InteractionStore
{
    public InteractionStore(FeatureTable users, FeatureTable items, int[] positiveUserKeys, int[] positiveItemKeys,
        int[]? catalogItemKeys = null)
    {
        if (positiveUserKeys.Length != positiveItemKeys.Length)
            throw new ArgumentException("Every positive pair needs both a user key and an item key.", nameof(positiveItemKeys));
        Users = users;
        Items = items;
        PositiveUserKeys = positiveUserKeys;
        PositiveItemKeys = positiveItemKeys;
        CatalogItemKeys = catalogItemKeys ?? positiveItemKeys.Distinct().Order().ToArray();
    }

    public FeatureTable Users { get; }

    public FeatureTable Items { get; }

    public int[] PositiveUserKeys { get; }

    public int[] PositiveItemKeys { get; }

    /// <summary>Every item key that occurs in the data (positive or not), ascending: the retrieval catalogue.</summary>
    public int[] CatalogItemKeys { get; }

    public int PositiveCount => PositiveUserKeys.Length;
}
