namespace MLNet.TwoTower.Training;

/// <summary>
/// Everything training reads, held compactly: each user's and item's features once, and the positive interactions as
/// (user key, item key) pairs of Int32 (key counts are checked to fit). Plain arrays, no ML.NET or TorchSharp types.
/// </summary>
internal sealed class InteractionStore
{
    public InteractionStore(FeatureTable users, FeatureTable items, int[] positiveUserKeys, int[] positiveItemKeys)
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

    public int[] PositiveUserKeys { get; }

    public int[] PositiveItemKeys { get; }

    public int PositiveCount => PositiveUserKeys.Length;
}
