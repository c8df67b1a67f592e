using Microsoft.ML;
using MLNet.TwoTower.Datasets.DataViews;

namespace MLNet.TwoTower.Datasets.Model;

/// <summary>
/// A recommendation dataset in memory: interactions (and optionally a warm test set), optional user and item tables,
/// and the schema of their feature columns. Every interaction names a known user and item when the tables exist.
/// </summary>
public sealed class RecommendationDataset
{
    private readonly InteractionTable _interactions;
    private readonly InteractionTable? _test;

    /// <summary>Creates a dataset and checks that the parts agree.</summary>
    /// <param name="interactions">Ratings; at least one. An <see cref="InteractionTable"/> is kept as is (no copy);
    /// any other list is converted to one.</param>
    /// <param name="users">User table, or null when users have no features.</param>
    /// <param name="items">Item table, or null when items have no features.</param>
    /// <param name="testInteractions">A fixed warm test set, or null to split <paramref name="interactions"/> later.</param>
    /// <exception cref="ArgumentException">No interactions, an empty id, a non-finite rating, timestamps on some rows only,
    /// or an interaction naming an id missing from a given table.</exception>
    public RecommendationDataset(
        IReadOnlyList<Interaction> interactions,
        EntityTable? users = null,
        EntityTable? items = null,
        IReadOnlyList<Interaction>? testInteractions = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (interactions.Count == 0)
        {
            throw new ArgumentException("A dataset needs at least one interaction.", nameof(interactions));
        }

        _interactions = InteractionTable.From(interactions);
        _test = testInteractions is null ? null : InteractionTable.From(testInteractions);
        Users = users;
        Items = items;
        Check(_interactions, nameof(interactions));
        if (_test is not null)
        {
            if (_test.Count > 0 && _test.HasTimestamps != _interactions.HasTimestamps)
            {
                throw new ArgumentException(
                    $"The test interactions {(_interactions.HasTimestamps ? "lack" : "have")} timestamps; either every interaction has one or none does.",
                    nameof(testInteractions));
            }

            Check(_test, nameof(testInteractions));
        }

        HasTimestamps = _interactions.HasTimestamps;
        Schema = DatasetSchema.FromTables(users, items);
    }

    /// <summary>The interactions (the training data, or all data when there is no fixed test set), column by column.</summary>
    public InteractionTable Interactions => _interactions;

    /// <summary>The fixed warm test set from interactions.test.csv, or null.</summary>
    public InteractionTable? TestInteractions => _test;

    /// <summary>The user table, or null.</summary>
    public EntityTable? Users { get; }

    /// <summary>The item table, or null.</summary>
    public EntityTable? Items { get; }

    /// <summary>Kinds of the user and item feature columns.</summary>
    public DatasetSchema Schema { get; }

    /// <summary>Whether interactions carry timestamps.</summary>
    public bool HasTimestamps { get; }

    /// <summary>
    /// The interactions as an IDataView with columns <see cref="DatasetColumns.UserIdText"/> and
    /// <see cref="DatasetColumns.ItemIdText"/> (Text), <see cref="DatasetColumns.Rating"/> (Single) and, when present,
    /// <see cref="DatasetColumns.Timestamp"/> (Int64).
    /// </summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <returns>A lazily read view.</returns>
    public IDataView InteractionsToDataView(MLContext ml) => ToDataView(ml, _interactions);

    /// <summary>The fixed test set as an IDataView with the columns of <see cref="InteractionsToDataView"/>.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <returns>A lazily read view.</returns>
    /// <exception cref="InvalidOperationException">The dataset has no fixed test set.</exception>
    public IDataView TestInteractionsToDataView(MLContext ml) => ToDataView(ml,
        _test ?? throw new InvalidOperationException("This dataset has no interactions.test.csv; split Interactions instead."));

    /// <summary>The user table as an IDataView keyed by <see cref="DatasetColumns.UserIdText"/>.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <returns>A lazily read view.</returns>
    /// <exception cref="InvalidOperationException">The dataset has no user table.</exception>
    public IDataView UsersToDataView(MLContext ml) =>
        (Users ?? throw new InvalidOperationException("This dataset has no users.csv, so users have no features.")).ToDataView(ml, DatasetColumns.UserIdText);

    /// <summary>The item table as an IDataView keyed by <see cref="DatasetColumns.ItemIdText"/>.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <returns>A lazily read view.</returns>
    /// <exception cref="InvalidOperationException">The dataset has no item table.</exception>
    public IDataView ItemsToDataView(MLContext ml) =>
        (Items ?? throw new InvalidOperationException("This dataset has no items.csv, so items have no features.")).ToDataView(ml, DatasetColumns.ItemIdText);

    private IDataView ToDataView(MLContext ml, InteractionTable rows)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var columns = new List<InMemoryColumn>
        {
            InMemoryColumn.Text(DatasetColumns.UserIdText, rows.UserIdAt),
            InMemoryColumn.Text(DatasetColumns.ItemIdText, rows.ItemIdAt),
            InMemoryColumn.Single(DatasetColumns.Rating, i => rows.Ratings[i]),
        };
        if (HasTimestamps)
        {
            columns.Add(InMemoryColumn.Int64(DatasetColumns.Timestamp, i => rows.Timestamps[i]));
        }

        return new InMemoryDataView(rows.Count, columns);
    }

    /// Checks ids against the entity tables once per distinct id, naming the first row that uses a missing one.
    private void Check(InteractionTable rows, string parameter)
    {
        CheckIds(rows.UserIds, rows.UserIndexes, Users, "user", parameter);
        CheckIds(rows.ItemIds, rows.ItemIndexes, Items, "item", parameter);
    }

    private static void CheckIds(IReadOnlyList<string> ids, ReadOnlySpan<int> indexes, EntityTable? table, string kind, string parameter)
    {
        if (table is null)
        {
            return;
        }

        for (int id = 0; id < ids.Count; id++)
        {
            if (!table.Contains(ids[id]))
            {
                int row = indexes.IndexOf(id);
                throw new ArgumentException($"Interaction {row} names {kind} '{ids[id]}', which is not in the {kind} table.", parameter);
            }
        }
    }
}
