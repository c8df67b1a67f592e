namespace MLNet.TwoTower.Evaluation;

/// <summary>Each evaluated user's top-K items (best first) next to the relevant items: the input of every retrieval metric.</summary>
public sealed class RankedRecommendations
{
    /// <summary>Wraps top-K lists; <paramref name="topItems"/>[i] belongs to <paramref name="users"/>[i].</summary>
    /// <param name="users">The evaluated user indices.</param>
    /// <param name="topItems">Per user, recommended item indices, best first.</param>
    /// <param name="relevant">Per user, the relevant item indices.</param>
    /// <param name="itemCount">Catalog size.</param>
    /// <param name="truncatedAt">
    /// The K the lists were cut at, when known. A list shorter than it ran out of candidates (a user who rated most of
    /// a small catalogue), so metrics at any k up to it are exact; null takes the longest list.
    /// </param>
    public RankedRecommendations(IReadOnlyList<int> users, IReadOnlyList<int[]> topItems, IReadOnlyList<IReadOnlySet<int>> relevant, int itemCount,
        int? truncatedAt = null)
    {
        if (users.Count != topItems.Count || users.Count != relevant.Count)
            throw new ArgumentException($"users ({users.Count}), topItems ({topItems.Count}) and relevant ({relevant.Count}) must have the same length.", nameof(users));
        Users = users;
        TopItems = topItems;
        Relevant = relevant;
        ItemCount = itemCount;
        MaxK = truncatedAt ?? (topItems.Count == 0 ? 0 : topItems.Max(t => t.Length));
    }

    /// <summary>The evaluated user indices.</summary>
    public IReadOnlyList<int> Users { get; }

    /// <summary>Per user, recommended item indices, best first.</summary>
    public IReadOnlyList<int[]> TopItems { get; }

    /// <summary>Per user, the relevant item indices.</summary>
    public IReadOnlyList<IReadOnlySet<int>> Relevant { get; }

    /// <summary>Catalog size.</summary>
    public int ItemCount { get; }

    /// <summary>The K the lists were cut at (or the longest list); metrics at k beyond it are rejected.</summary>
    public int MaxK { get; }
}
