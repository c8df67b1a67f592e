namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// One segment of a <see cref="SegmentedItemIndex"/>: the catalogue ordinals of its items (ascending), their 32-bit
/// vectors in that order (what candidates are scored with), and the index that searches them. The index knows the
/// items by segment keys 1..<see cref="Count"/> (<see cref="CatalogOf"/>): segment key <c>j</c> is catalogue ordinal
/// <c>Members[j − 1]</c>.
/// </summary>
internal sealed record ItemIndexSegment(int[] Members, float[] Vectors, ItemIndexBase Index)
{
    public int Count => Members.Length;

    /// <summary>The catalogue a segment's index searches: keys 1..<paramref name="count"/>, no ids.</summary>
    public static ItemCatalog CatalogOf(ItemCatalog catalog, int count) =>
        new([.. Enumerable.Range(1, count).Select(k => (uint)k)], null, catalog.Fingerprint, catalog.Dimension);
}
