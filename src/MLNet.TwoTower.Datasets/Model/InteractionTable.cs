using System.Collections;

namespace MLNet.TwoTower.Datasets.Model;

/// <summary>
/// Interactions held column by column: each user and item id is stored once (<see cref="UserIds"/>,
/// <see cref="ItemIds"/>, in order of first appearance) and each row is an Int32 user index, an Int32 item index, a
/// Single rating and, when the data has them, an Int64 timestamp: 12 bytes per row, 20 with timestamps. Built by
/// <see cref="InteractionTableBuilder"/> (the CSV and database readers fill one while they stream). As a list it
/// yields <see cref="Interaction"/> values made on demand, so code that reads rows one by one keeps working without
/// the table ever holding per-row objects.
/// </summary>
public sealed class InteractionTable : IReadOnlyList<Interaction>
{
    private readonly string[] _userIds;
    private readonly string[] _itemIds;
    private readonly int[] _userIndexes;
    private readonly int[] _itemIndexes;
    private readonly float[] _ratings;
    private readonly long[]? _timestamps;
    private readonly int _count;

    /// Takes the builder's arrays, which may be longer than <paramref name="count"/> (the builder trims large slack only).
    internal InteractionTable(string[] userIds, string[] itemIds, int[] userIndexes, int[] itemIndexes, float[] ratings, long[]? timestamps, int count)
    {
        _count = count;
        _userIds = userIds;
        _itemIds = itemIds;
        _userIndexes = userIndexes;
        _itemIndexes = itemIndexes;
        _ratings = ratings;
        _timestamps = timestamps;
    }

    /// <summary>Number of interactions.</summary>
    public int Count => _count;

    /// <summary>Distinct user ids in order of first appearance; <see cref="UserIndexes"/> points into this list.</summary>
    public IReadOnlyList<string> UserIds => _userIds;

    /// <summary>Distinct item ids in order of first appearance; <see cref="ItemIndexes"/> points into this list.</summary>
    public IReadOnlyList<string> ItemIds => _itemIds;

    /// <summary>Per row, the 0-based index of its user in <see cref="UserIds"/>.</summary>
    public ReadOnlySpan<int> UserIndexes => _userIndexes.AsSpan(0, _count);

    /// <summary>Per row, the 0-based index of its item in <see cref="ItemIds"/>.</summary>
    public ReadOnlySpan<int> ItemIndexes => _itemIndexes.AsSpan(0, _count);

    /// <summary>Per row, the rating.</summary>
    public ReadOnlySpan<float> Ratings => _ratings.AsSpan(0, _count);

    /// <summary>Per row, seconds since the Unix epoch; empty when <see cref="HasTimestamps"/> is false.</summary>
    public ReadOnlySpan<long> Timestamps => _timestamps is null ? default : _timestamps.AsSpan(0, _count);

    /// <summary>Whether every row carries a timestamp (otherwise none does).</summary>
    public bool HasTimestamps => _timestamps is not null;

    /// <summary>
    /// Bytes allocated for the per-row columns (the id lists not included): 12 per row, 20 with timestamps, times the
    /// allocated length, which exceeds <see cref="Count"/> by at most an eighth (see <see cref="InteractionTableBuilder.Build"/>).
    /// </summary>
    public long RowBytes => (long)_ratings.Length * (sizeof(int) + sizeof(int) + sizeof(float) + (HasTimestamps ? sizeof(long) : 0));

    /// <summary>Row <paramref name="index"/> as an <see cref="Interaction"/> (made on demand; the ids are the stored strings).</summary>
    /// <param name="index">0-based row.</param>
    public Interaction this[int index] => new(UserIdAt(index), ItemIdAt(index), Ratings[index], _timestamps is null ? null : Timestamps[index]);

    /// <summary>The user id of row <paramref name="index"/>.</summary>
    /// <param name="index">0-based row.</param>
    /// <returns>The id.</returns>
    public string UserIdAt(int index) => _userIds[UserIndexes[index]];

    /// <summary>The item id of row <paramref name="index"/>.</summary>
    /// <param name="index">0-based row.</param>
    /// <returns>The id.</returns>
    public string ItemIdAt(int index) => _itemIds[ItemIndexes[index]];

    /// <summary>A table of the given rows, in their order (ids re-interned, so only ids of kept rows remain).</summary>
    /// <param name="rows">0-based rows of this table.</param>
    /// <returns>The new table.</returns>
    public InteractionTable Select(IEnumerable<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var builder = new InteractionTableBuilder(HasTimestamps);
        foreach (int row in rows)
        {
            builder.Add(UserIdAt(row), ItemIdAt(row), _ratings[row], _timestamps is null ? null : _timestamps[row]);
        }

        return builder.Build();
    }

    /// <summary>Builds a table from <see cref="Interaction"/> values.</summary>
    /// <param name="interactions">The rows; every one with a timestamp or none.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException">Timestamps on some rows only, or an empty id.</exception>
    public static InteractionTable From(IEnumerable<Interaction> interactions)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (interactions is InteractionTable table)
        {
            return table;
        }

        InteractionTableBuilder? builder = null;
        foreach (var row in interactions)
        {
            builder ??= new InteractionTableBuilder(row.Timestamp.HasValue);
            builder.Add(row.UserId, row.ItemId, row.Rating, row.Timestamp);
        }

        return (builder ?? new InteractionTableBuilder(hasTimestamps: false)).Build();
    }

    /// <inheritdoc />
    public IEnumerator<Interaction> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
