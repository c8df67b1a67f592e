using MLNet.TwoTower.Datasets.Generation;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Retrieval.Benchmarks;

/// <summary>
/// Item and user tables drawn from <see cref="PseudoDatasetGenerator"/>, in any number, for catalogues far larger than
/// a training set. The generator draws every item independently of the sizes (genres, format, price, then title and
/// description from the genre vocabularies), so a chunk generated with another seed is more items of the same
/// distribution. A chunk needs some users and ratings to be a valid dataset: two users with the minimum five ratings
/// each keep that part negligible. Chunk ids restart at 1, so they are renamed <c>{prefix}{chunk}-{id}</c>.
/// </summary>
internal static class PseudoCatalogue
{
    /// <summary>The items of one chunk: <paramref name="count"/> fresh items, generated with <paramref name="seed"/>.</summary>
    public static EntityTable Items(int count, int seed, string idPrefix)
    {
        var items = PseudoDatasetGenerator.Generate(new PseudoDatasetOptions
        {
            Seed = seed,
            UserCount = 2,
            ItemCount = Math.Max(10, count),
            RatingCount = 2 * PseudoDatasetOptionsMinimum,
        }).Items!;
        return Head(items, count, idPrefix);
    }

    /// <summary><paramref name="count"/> fresh users (profile features only), generated with <paramref name="seed"/>.</summary>
    public static EntityTable Users(int count, int seed, string idPrefix)
    {
        var users = PseudoDatasetGenerator.Generate(new PseudoDatasetOptions
        {
            Seed = seed,
            UserCount = Math.Max(2, count),
            ItemCount = 10,
            RatingCount = Math.Max(2, count) * PseudoDatasetOptionsMinimum,
        }).Users!;
        return Head(users, count, idPrefix);
    }

    /// <summary>The generator's default <c>MinimumRatingsPerUser</c>: the fewest ratings a valid chunk can have per user.</summary>
    private const int PseudoDatasetOptionsMinimum = 5;

    /// <summary>The first <paramref name="count"/> rows, each id prefixed with <paramref name="idPrefix"/> (chunk ids repeat).</summary>
    public static EntityTable Head(EntityTable table, int count, string idPrefix = "")
    {
        var ids = table.Ids.Take(count).Select(id => idPrefix + id).ToArray();
        var columns = table.Columns.Select(c => new FeatureColumn(c.Name, c.Kind,
            Enumerable.Range(0, count).Select(c.GetRaw).ToArray())).ToArray();
        return new EntityTable(ids, columns);
    }
}
