using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.PostgreSql.Source;

/// <summary>
/// Where rows read from PostgreSQL become the dataset's in-memory interactions: the only code that knows
/// <see cref="RecommendationDataset"/>'s interaction representation. Ids are interned, so each distinct id is held once
/// however many interactions name it.
/// </summary>
internal sealed class InteractionBuffer
{
    private readonly Dictionary<string, string> _ids;
    private readonly List<Interaction> _rows = [];

    /// <summary>Creates a buffer; buffers sharing <paramref name="ids"/> share the interned ids.</summary>
    public InteractionBuffer(Dictionary<string, string> ids)
    {
        _ids = ids;
    }

    public int Count => _rows.Count;

    /// <summary>Whether the rows carry timestamps (decided by the table's columns, so known before the first row).</summary>
    public bool? HasTimestamps { get; set; }

    public void Add(string userId, string itemId, float rating, long? timestamp) =>
        _rows.Add(new Interaction(Intern(userId), Intern(itemId), rating, timestamp));

    /// <summary>The dataset from the training interactions, the optional test set and the optional entity tables.</summary>
    public static RecommendationDataset ToDataset(InteractionBuffer interactions, InteractionBuffer? test, EntityTable? users, EntityTable? items) =>
        new(interactions._rows, users, items, test?._rows);

    private string Intern(string id)
    {
        if (_ids.TryGetValue(id, out var interned))
            return interned;
        _ids.Add(id, id);
        return id;
    }
}
