namespace MLNet.TwoTower.Serving.Package;

/// <summary><c>ids.json</c>: user ids by key − 1, item ids by package key − 1 (the model's items first).</summary>
/// <param name="Users">User ids; user key k is element k − 1.</param>
/// <param name="Items">Item ids; the first <paramref name="ModelItemCount"/> have the model's item keys, the rest had no interactions.</param>
/// <param name="ModelItemCount">How many items the model has keys for.</param>
internal sealed record PackageIds(string[] Users, string[] Items, int ModelItemCount)
{
    /// <summary>Checks the tables are complete and without repeats.</summary>
    public void Check(string path)
    {
        if (Users is null || Items is null || Users.Length == 0 || Items.Length == 0)
            throw new PackageFormatException(path, $"Package file '{path}' must list at least one user and one item (found none). Write the package again.");
        if (ModelItemCount <= 0 || ModelItemCount > Items.Length)
            throw new PackageFormatException(path, $"Package file '{path}' says the model has {ModelItemCount} of its {Items.Length} items. Write the package again.");
        foreach (var (ids, kind) in new[] { (Users, "user"), (Items, "item") })
        {
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in ids)
                if (id is null || !distinct.Add(id))
                    throw new PackageFormatException(path, $"Package file '{path}' lists {kind} id '{id}' {(id is null ? "as null" : "twice")}. Write the package again.");
        }
    }
}
