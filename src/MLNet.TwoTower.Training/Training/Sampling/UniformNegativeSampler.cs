namespace MLNet.TwoTower.Training.Sampling;

/// <summary>
/// Draws extra negatives uniformly from the catalogue for mixed negative sampling (Yang et al., "Mixed Negative
/// Sampling for Learning Two-tower Neural Networks in Recommendations", WWW 2020). In-batch negatives are all items
/// someone liked, so rarely-liked items are almost never negatives; uniform draws cover the long tail. Seeded, so the
/// same seed draws the same items.
/// </summary>
internal sealed class UniformNegativeSampler
{
    private readonly int[] catalog;
    private readonly Random random;
    private readonly int count;

    /// <param name="catalog">The item keys to draw from (every item of the training data).</param>
    /// <param name="count">Items per draw.</param>
    /// <param name="seed">Seed of the draws.</param>
    public UniformNegativeSampler(int[] catalog, int count, int seed)
    {
        if (catalog.Length == 0)
            throw new ArgumentException("Cannot sample negatives from an empty catalogue.", nameof(catalog));
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        this.catalog = catalog;
        this.count = count;
        random = new Random(seed);
    }

    public int CatalogSize => catalog.Length;

    /// <summary>The next batch's <c>count</c> keys, drawn with replacement.</summary>
    public int[] Next()
    {
        var keys = new int[count];
        for (var i = 0; i < keys.Length; i++)
            keys[i] = catalog[random.Next(catalog.Length)];
        return keys;
    }
}
