namespace MLNet.TwoTower.Datasets.Model;

/// Gives each distinct id a dense 0-based index in order of first appearance; looks ids up as spans, so only a new id
/// allocates its string.
internal sealed class IdInterner
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<string> _ids = [];

    public IdInterner()
    {
        _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _ids.Count;

    public int Intern(ReadOnlySpan<char> id)
    {
        if (_lookup.TryGetValue(id, out int index))
        {
            return index;
        }

        string value = id.ToString();
        index = _ids.Count;
        _index.Add(value, index);
        _ids.Add(value);
        return index;
    }

    public string[] ToArray() => _ids.ToArray();
}
