namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// The items an index serves, by ordinal: their keys, original ids, and the fingerprint of the item key dictionary
/// they came from (what ties an index to the model that produced its embeddings).
/// </summary>
internal sealed class ItemCatalog
{
    public ItemCatalog(uint[] keys, string?[]? ids, ulong fingerprint, int dimension)
    {
        Keys = keys;
        Ids = ids;
        Fingerprint = fingerprint;
        Dimension = dimension;
    }

    /// <summary>ML.NET key of each item, by ordinal; all distinct and non-zero.</summary>
    public uint[] Keys { get; }

    /// <summary>Original id of each item, by ordinal; null when the key column had no key values.</summary>
    public string?[]? Ids { get; }

    /// <summary>Fingerprint of the item key dictionary (see <see cref="KeyDictionaryFingerprint"/>).</summary>
    public ulong Fingerprint { get; }

    public int Dimension { get; }

    public int Count => Keys.Length;

    public ScoredItem Result(int ordinal, float score) => new(Keys[ordinal], Ids?[ordinal], score);
}
