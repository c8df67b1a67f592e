using System.Globalization;
using System.Text.RegularExpressions;
using MLNet.TwoTower.Datasets.Csv;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Datasets.MovieLens;

/// <summary>
/// Reads a MovieLens "latest" folder (ml-latest-small and ml-latest share the layout: ratings.csv, movies.csv and
/// optionally tags.csv). Interactions are the ratings (0.5–5 stars, Unix timestamps). Items are the movies with
/// features <see cref="MovieLensColumns.Title"/> (text), <see cref="MovieLensColumns.Year"/> (numeric),
/// <see cref="MovieLensColumns.Genres"/> (multi-categorical) and <see cref="MovieLensColumns.Tags"/> (text, user
/// tags aggregated per movie). Users have no features, so <see cref="RecommendationDataset.Users"/> is null.
/// </summary>
public static partial class MovieLensLoader
{
    /// <summary>The ratings file.</summary>
    public const string RatingsFile = "ratings.csv";

    /// <summary>The movies file.</summary>
    public const string MoviesFile = "movies.csv";

    /// <summary>The optional tags file.</summary>
    public const string TagsFile = "tags.csv";

    private const string NoGenres = "(no genres listed)";

    /// <summary>Loads the MovieLens folder at <paramref name="folder"/>.</summary>
    /// <param name="folder">Folder holding ratings.csv and movies.csv, e.g. data/ml-latest-small.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">ratings.csv or movies.csv is missing.</exception>
    /// <exception cref="DatasetFormatException">A file is malformed, a movie id repeats, or a rating names an unknown movie.</exception>
    public static RecommendationDataset Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"MovieLens folder '{folder}' does not exist. Pass the folder that holds {RatingsFile} and {MoviesFile}.");
        }

        var tags = ReadTags(Path.Combine(folder, TagsFile));
        var items = ReadMovies(Path.Combine(folder, MoviesFile), tags);
        var ratings = ReadRatings(Path.Combine(folder, RatingsFile), items);
        return new RecommendationDataset(ratings, users: null, items: items);
    }

    private static EntityTable ReadMovies(string path, Dictionary<string, List<string>> tags)
    {
        var csv = CsvParser.ReadFile(path);
        int id = csv.RequireColumn("movieId");
        int title = csv.RequireColumn("title");
        int genres = csv.RequireColumn("genres");
        var ids = new List<string>(csv.Records.Count);
        var titles = new List<string>(csv.Records.Count);
        var years = new List<string>(csv.Records.Count);
        var genreValues = new List<string>(csv.Records.Count);
        var tagValues = new List<string>(csv.Records.Count);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in csv.Records)
        {
            string movie = record.Fields[id].Trim();
            if (movie.Length == 0)
            {
                throw csv.Error(record, id, "movieId is empty.");
            }

            if (!firstLine.TryAdd(movie, record.Line))
            {
                throw csv.Error(record, id, $"duplicate movieId '{movie}' (first on line {firstLine[movie]}).");
            }

            var (name, year) = SplitTitle(record.Fields[title]);
            ids.Add(movie);
            titles.Add(name);
            years.Add(year);
            string g = record.Fields[genres].Trim();
            genreValues.Add(g == NoGenres ? string.Empty : g);
            tagValues.Add(tags.TryGetValue(movie, out var list) ? string.Join(", ", list) : string.Empty);
        }

        if (ids.Count == 0)
        {
            throw new DatasetFormatException(path, 1, 0, "the file has a header but no movies.");
        }

        return new EntityTable(ids,
        [
            new FeatureColumn(MovieLensColumns.Title, FeatureKind.Text, titles),
            new FeatureColumn(MovieLensColumns.Year, FeatureKind.Numeric, years),
            new FeatureColumn(MovieLensColumns.Genres, FeatureKind.MultiCategorical, genreValues),
            new FeatureColumn(MovieLensColumns.Tags, FeatureKind.Text, tagValues),
        ]);
    }

    private static InteractionTable ReadRatings(string path, EntityTable movies)
    {
        using var csv = CsvRecordReader.Open(path);
        int user = csv.RequireColumn("userId");
        int movie = csv.RequireColumn("movieId");
        int rating = csv.RequireColumn("rating");
        int timestamp = csv.RequireColumn("timestamp");
        var result = new InteractionTableBuilder(hasTimestamps: true);
        while (csv.MoveNext())
        {
            var userId = csv.Field(user).Trim();
            var movieId = csv.Field(movie).Trim();
            if (userId.IsEmpty)
            {
                throw csv.Error(user, "userId is empty.");
            }

            if (!movies.Contains(movieId))
            {
                throw csv.Error(movie, $"movie '{movieId}' is not in {MoviesFile}.");
            }

            if (!float.TryParse(csv.Field(rating), NumberStyles.Float, CultureInfo.InvariantCulture, out float stars) || !float.IsFinite(stars))
            {
                throw csv.Error(rating, $"rating must be a number such as 3.5; found '{csv.Field(rating)}'.");
            }

            if (!long.TryParse(csv.Field(timestamp), NumberStyles.Integer, CultureInfo.InvariantCulture, out long seconds))
            {
                throw csv.Error(timestamp, $"timestamp must be whole seconds since 1970; found '{csv.Field(timestamp)}'.");
            }

            result.Add(userId, movieId, stars, seconds);
        }

        if (result.Count == 0)
        {
            throw new DatasetFormatException(path, 1, 0, "the file has a header but no ratings.");
        }

        return result.Build();
    }

    /// Distinct tags per movie (case-insensitive, first spelling kept), in file order.
    private static Dictionary<string, List<string>> ReadTags(string path)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return result;
        }

        var csv = CsvParser.ReadFile(path);
        int movie = csv.RequireColumn("movieId");
        int tag = csv.RequireColumn("tag");
        var seen = new HashSet<(string, string)>();
        foreach (var record in csv.Records)
        {
            string movieId = record.Fields[movie].Trim();
            string text = record.Fields[tag].Trim();
            if (text.Length == 0 || !seen.Add((movieId, text.ToLowerInvariant())))
            {
                continue;
            }

            if (!result.TryGetValue(movieId, out var list))
            {
                result[movieId] = list = [];
            }

            list.Add(text);
        }

        return result;
    }

    /// "American President, The (1995)" → ("The American President", "1995"); titles without a year keep an empty year.
    internal static (string Title, string Year) SplitTitle(string raw)
    {
        string title = raw.Trim();
        string year = string.Empty;
        var match = YearSuffix().Match(title);
        if (match.Success)
        {
            year = match.Groups[1].Value;
            title = title[..match.Index].TrimEnd();
        }

        var article = TrailingArticle().Match(title);
        if (article.Success)
        {
            title = $"{article.Groups[2].Value} {article.Groups[1].Value}";
        }

        return (title, year);
    }

    [GeneratedRegex(@"\((\d{4})(?:[-–]\d{0,4})?\)$")]
    private static partial Regex YearSuffix();

    [GeneratedRegex(@"^(.+), (The|A|An)$")]
    private static partial Regex TrailingArticle();
}
