namespace MLNet.TwoTower.Training;

/// <summary>
/// Everything training reads, held compactly: each user's and item's features once, and the positive interactions as
/// (user key, item key) pairs. Plain arrays, no ML.NET or TorchSharp types.
/// </summary>
internal sealed class InteractionStore
{
    public InteractionStore(FeatureTable users, FeatureTable items, long[] positiveUserKeys, long[] positiveItemKeys)
    {
        if (positiveUserKeys.Length != positiveItemKeys.Length)
            throw new ArgumentException("Every positive pair needs both a user key and an item key.", nameof(positiveItemKeys));
        Users = users;
        Items = items;
        PositiveUserKeys = positiveUserKeys;
        PositiveItemKeys = positiveItemKeys;
    }

    public FeatureTable Users { get; }

    public FeatureTable Items { get; }

    public long[] PositiveUserKeys { get; }

    public long[] PositiveItemKeys { get; }

    public int PositiveCount => PositiveUserKeys.Length;
}
