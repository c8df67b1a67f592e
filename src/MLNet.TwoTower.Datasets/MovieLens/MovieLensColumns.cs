namespace MLNet.TwoTower.Datasets.MovieLens;

/// <summary>Names of the item feature columns produced by <see cref="MovieLensLoader"/>.</summary>
public static class MovieLensColumns
{
    /// <summary>Title without the release year, leading article restored ("The American President"). Text.</summary>
    public const string Title = "title";

    /// <summary>Release year parsed from the title, missing when the title has none. Numeric.</summary>
    public const string Year = "year";

    /// <summary>Genres separated by <c>|</c>; "(no genres listed)" becomes empty. Multi-categorical.</summary>
    public const string Genres = "genres";

    /// <summary>Distinct user tags of the movie (case-insensitive), joined by ", ". Text.</summary>
    public const string Tags = "tags";
}
