namespace MLNet.TwoTower.Datasets.Model;

/// <summary>
/// Appends interactions into the columns of an <see cref="InteractionTable"/> while a source streams them (CSV file,
/// database cursor): each id is interned once, rows cost 12 bytes (20 with timestamps) plus the growth slack of the
/// arrays (a doubling while appending unless <see cref="EnsureCapacity"/> was told the size; <see cref="Build"/> trims
/// slack above an eighth). Ids are looked up as spans, so a reader allocates a string only for an id it has not seen
/// before.
/// </summary>
public sealed class InteractionTableBuilder
{
    private const int InitialCapacity = 1024;

    private readonly IdInterner _users = new();
    private readonly IdInterner _items = new();
    private int[] _userIndexes;
    private int[] _itemIndexes;
    private float[] _ratings;
    private long[]? _timestamps;
    private int _count;
    private bool _built;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="hasTimestamps">Whether every row will carry a timestamp (otherwise none may).</param>
    /// <param name="capacity">Expected row count, to avoid regrowing (0 when unknown).</param>
    public InteractionTableBuilder(bool hasTimestamps, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        int size = Math.Max(capacity, InitialCapacity);
        _userIndexes = new int[size];
        _itemIndexes = new int[size];
        _ratings = new float[size];
        _timestamps = hasTimestamps ? new long[size] : null;
    }

    /// <summary>Whether rows carry timestamps.</summary>
    public bool HasTimestamps => _timestamps is not null;

    /// <summary>Rows appended so far.</summary>
    public int Count => _count;

    /// <summary>Distinct users seen so far.</summary>
    public int UserCount => _users.Count;

    /// <summary>Distinct items seen so far.</summary>
    public int ItemCount => _items.Count;

    /// <summary>
    /// Makes room for <paramref name="rows"/> rows in all (e.g. a row count a database reports, or one estimated from a
    /// file's size), so the columns are not regrown and copied by doublings.
    /// </summary>
    /// <param name="rows">Expected total number of rows.</param>
    public void EnsureCapacity(int rows)
    {
        if (rows > _ratings.Length)
        {
            Resize(rows);
        }
    }

    /// <summary>Appends one interaction.</summary>
    /// <param name="userId">The user's id (not empty).</param>
    /// <param name="itemId">The item's id (not empty).</param>
    /// <param name="rating">The rating (finite).</param>
    /// <param name="timestamp">Seconds since the Unix epoch; given exactly when the builder has timestamps.</param>
    /// <exception cref="ArgumentException">An empty id, a non-finite rating, or a timestamp given or missing against
    /// <see cref="HasTimestamps"/>.</exception>
    public void Add(ReadOnlySpan<char> userId, ReadOnlySpan<char> itemId, float rating, long? timestamp)
    {
        if (_built)
        {
            throw new InvalidOperationException("Build() was already called; start a new InteractionTableBuilder for another table.");
        }

        if (userId.IsEmpty || itemId.IsEmpty)
        {
            throw new ArgumentException($"Interaction {_count} has an empty user or item id; every interaction needs both.", userId.IsEmpty ? nameof(userId) : nameof(itemId));
        }

        if (!float.IsFinite(rating))
        {
            throw new ArgumentException($"Interaction {_count} ({userId}, {itemId}) has rating {rating}; ratings must be finite.", nameof(rating));
        }

        if (timestamp.HasValue != HasTimestamps)
        {
            throw new ArgumentException($"Interaction {_count} {(HasTimestamps ? "lacks" : "has")} a timestamp; either every interaction has one or none does.", nameof(timestamp));
        }

        if (_count == _ratings.Length)
        {
            Grow();
        }

        _userIndexes[_count] = _users.Intern(userId);
        _itemIndexes[_count] = _items.Intern(itemId);
        _ratings[_count] = rating;
        if (_timestamps is not null)
        {
            _timestamps[_count] = timestamp!.Value;
        }

        _count++;
    }

    /// <summary>
    /// The table of the rows appended; the builder cannot be used afterwards. The columns are handed over as they are
    /// when their unused tail is at most an eighth of the rows, and copied to the exact length otherwise.
    /// </summary>
    /// <returns>The table.</returns>
    public InteractionTable Build()
    {
        if (_built)
        {
            throw new InvalidOperationException("Build() was already called; start a new InteractionTableBuilder for another table.");
        }

        _built = true;
        if (_ratings.Length - _count > _count / 8)
        {
            Resize(_count);
        }

        return new InteractionTable(_users.ToArray(), _items.ToArray(), _userIndexes, _itemIndexes, _ratings, _timestamps, _count);
    }

    private void Grow()
    {
        if (_count == Array.MaxLength)
        {
            throw new InvalidOperationException($"An interaction table holds at most {Array.MaxLength:N0} rows; split the data.");
        }

        Resize((int)Math.Min((long)_count * 2, Array.MaxLength));
    }

    private void Resize(int size)
    {
        Array.Resize(ref _userIndexes, size);
        Array.Resize(ref _itemIndexes, size);
        Array.Resize(ref _ratings, size);
        if (_timestamps is not null)
        {
            Array.Resize(ref _timestamps, size);
        }
    }
}
