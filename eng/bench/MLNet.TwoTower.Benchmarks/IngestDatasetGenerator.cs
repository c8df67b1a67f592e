using System.Globalization;
using System.Text;

namespace MLNet.TwoTower.Benchmarks;

/// <summary>
/// Writes a synthetic dataset folder the size of MovieLens-25M's entity tables (162,541 users, 59,047 items, a few
/// numeric and categorical features each, schema.json) with any number of timestamped interactions: users drawn
/// uniformly, items from a Zipf(1) popularity curve, ratings 0.5–5 in halves. Written line by line, so generating
/// 25M rows needs no more memory than 1M.
/// </summary>
internal static class IngestDatasetGenerator
{
    public const int Users = 162_541;
    public const int Items = 59_047;

    private static readonly string[] Genres =
    [
        "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir",
        "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western", "Biography",
    ];

    public static void Write(string folder, int interactions, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        using (var users = Open(Path.Combine(folder, "users.csv")))
        {
            users.Write("user_id,age,gender,occupation,region\n");
            string[] genders = ["F", "M", "X"];
            for (int u = 0; u < Users; u++)
            {
                users.Write(FormattableString.Invariant(
                    $"u{u},{18 + random.Next(60)},{genders[random.Next(3)]},occupation-{random.Next(21)},region-{random.Next(50)}\n"));
            }
        }

        using (var items = Open(Path.Combine(folder, "items.csv")))
        {
            items.Write("item_id,year,genres,language\n");
            for (int i = 0; i < Items; i++)
            {
                var genres = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Genres[random.Next(Genres.Length)]).Distinct();
                items.Write(FormattableString.Invariant($"m{i},{1920 + random.Next(100)},{string.Join('|', genres)},language-{random.Next(10)}\n"));
            }
        }

        File.WriteAllText(Path.Combine(folder, "schema.json"),
            "{ \"users\": { \"age\": \"numeric\", \"gender\": \"categorical\", \"occupation\": \"categorical\", \"region\": \"categorical\" },\n" +
            "  \"items\": { \"year\": \"numeric\", \"genres\": \"multi-categorical\", \"language\": \"categorical\" } }\n");

        var popularity = ZipfCumulative(Items);
        using var rows = Open(Path.Combine(folder, "interactions.csv"));
        rows.Write("user_id,item_id,rating,timestamp\n");
        Span<char> line = stackalloc char[64];
        for (long r = 0; r < interactions; r++)
        {
            int user = random.Next(Users);
            int item = Array.BinarySearch(popularity, random.NextDouble()) is var at && at >= 0 ? at : ~at;
            double rating = (1 + random.Next(10)) / 2.0;
            long timestamp = 789_652_009 + random.NextInt64(800_000_000);
            line.TryWrite(CultureInfo.InvariantCulture, $"u{user},m{Math.Min(item, Items - 1)},{rating},{timestamp}\n", out int written);
            rows.Write(line[..written]);
        }
    }

    private static StreamWriter Open(string path) => new(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);

    private static double[] ZipfCumulative(int count)
    {
        var cumulative = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }

        for (int i = 0; i < count; i++)
        {
            cumulative[i] /= sum;
        }

        return cumulative;
    }
}
