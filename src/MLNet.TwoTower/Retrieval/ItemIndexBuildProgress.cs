namespace MLNet.TwoTower.Retrieval;

/// <summary>How far an item index build has come, reported through <see cref="ItemIndexOptions.Progress"/>.</summary>
/// <param name="ItemsAdded">Items in the index so far.</param>
/// <param name="ItemCount">Items in the catalogue; the last report has <paramref name="ItemsAdded"/> equal to it.</param>
public readonly record struct ItemIndexBuildProgress(int ItemsAdded, int ItemCount);
