using Microsoft.ML;
using MLNet.TwoTower.Datasets.DataViews;

namespace MLNet.TwoTower.Datasets.Model;

/// <summary>
/// The users or the items of a dataset: one distinct id per row plus typed feature columns in the same row order.
/// </summary>
public sealed class EntityTable
{
    private readonly string[] _ids;
    private readonly Dictionary<string, int> _index;
    private readonly FeatureColumn[] _columns;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanIndex;

    /// <summary>Creates a table.</summary>
    /// <param name="ids">Distinct, non-empty ids in row order.</param>
    /// <param name="columns">Feature columns, each with one value per id, with distinct names.</param>
    /// <exception cref="ArgumentException">An id is empty or repeated, a column has the wrong length, or names clash.</exception>
    public EntityTable(IReadOnlyList<string> ids, IReadOnlyList<FeatureColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(columns);
        _ids = ids.ToArray();
        _index = new Dictionary<string, int>(_ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < _ids.Length; i++)
        {
            if (string.IsNullOrEmpty(_ids[i]))
            {
                throw new ArgumentException($"Id at row {i} is empty; every entity needs an id.", nameof(ids));
            }

            if (!_index.TryAdd(_ids[i], i))
            {
                throw new ArgumentException($"Id '{_ids[i]}' appears at rows {_index[_ids[i]]} and {i}; ids must be distinct.", nameof(ids));
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (column.Count != _ids.Length)
            {
                throw new ArgumentException($"Column '{column.Name}' has {column.Count} values for {_ids.Length} ids.", nameof(columns));
            }

            if (!names.Add(column.Name))
            {
                throw new ArgumentException($"Column '{column.Name}' appears twice.", nameof(columns));
            }
        }

        _columns = columns.ToArray();
        _spanIndex = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Ids in row order.</summary>
    public IReadOnlyList<string> Ids => _ids;

    /// <summary>Feature columns.</summary>
    public IReadOnlyList<FeatureColumn> Columns => _columns;

    /// <summary>Number of entities.</summary>
    public int Count => _ids.Length;

    /// <summary>Whether the table has an entity with this id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when present.</returns>
    public bool Contains(string id) => _index.ContainsKey(id);

    /// Whether the table has an entity with this id, without making a string of it.
    internal bool Contains(ReadOnlySpan<char> id) => _spanIndex.ContainsKey(id);

    /// <summary>Row index of an id, or -1 when absent.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The 0-based row.</returns>
    public int IndexOf(string id) => _index.TryGetValue(id, out int row) ? row : -1;

    /// <summary>The column with this name, or null.</summary>
    /// <param name="name">Column name.</param>
    /// <returns>The column or null.</returns>
    public FeatureColumn? GetColumnOrNull(string name) => _columns.FirstOrDefault(c => c.Name == name);

    /// <summary>
    /// The table as an IDataView: the id as Text column <paramref name="idColumnName"/>, numeric features as Single,
    /// every other feature as Text (multi-categorical values keep their <c>|</c> separators).
    /// </summary>
    /// <param name="ml">The ML.NET context (unused today; kept so the signature matches other conversions).</param>
    /// <param name="idColumnName">Name of the id column, e.g. <see cref="DatasetColumns.UserIdText"/>.</param>
    /// <returns>A lazily read view over this table.</returns>
    public IDataView ToDataView(MLContext ml, string idColumnName)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentException.ThrowIfNullOrWhiteSpace(idColumnName);
        if (GetColumnOrNull(idColumnName) is not null)
        {
            throw new ArgumentException($"A feature column is already named '{idColumnName}'; choose another id column name.", nameof(idColumnName));
        }

        var columns = new List<InMemoryColumn> { InMemoryColumn.Text(idColumnName, row => _ids[row]) };
        foreach (var column in _columns)
        {
            columns.Add(column.Kind == FeatureKind.Numeric
                ? InMemoryColumn.Single(column.Name, column.GetNumber)
                : InMemoryColumn.Text(column.Name, column.GetRaw));
        }

        return new InMemoryDataView(_ids.Length, columns);
    }
}
