using System.Globalization;
using MLNet.TwoTower.Datasets.Folder;
using MLNet.TwoTower.Datasets.Model;

namespace MLNet.TwoTower.Datasets.Generation;

/// <summary>
/// Generates a synthetic recommendation dataset, deterministic by seed. Users have an age (numeric, skewed), an
/// occupation and a region (categorical) and a free-text self-introduction written from their interests; items have a
/// title and description (text), genres (multi-categorical), a format (categorical) and a price (numeric, log-normal).
/// Ratings are 1–5 stars drawn from an ordered logit whose score adds the affinity between the user's interests and the
/// item's genres, a hidden taste term no feature reveals, and per-user and per-item biases. Who rates what follows a
/// Zipf item popularity, Zipf user activity and (weaker) affinity, and every rating has a timestamp.
/// </summary>
public static class PseudoDatasetGenerator
{
    /// Start of the rating period: 2015-01-01T00:00:00Z.
    private const long PeriodStart = 1_420_070_400;
    private const long PeriodSeconds = 8L * 365 * 24 * 3600;
    private const double MeanGapSeconds = 3 * 24 * 3600;

    /// <summary>Generates a dataset in memory.</summary>
    /// <param name="options">Sizes and knobs; null for the defaults.</param>
    /// <returns>Interactions with timestamps, a user table and an item table.</returns>
    /// <exception cref="ArgumentException">The options are invalid (all problems listed).</exception>
    public static RecommendationDataset Generate(PseudoDatasetOptions? options = null) => GenerateWithTruth(options).Dataset;

    /// <summary>Generates a dataset and writes it in the dataset folder format (each file atomically).</summary>
    /// <param name="folder">Target folder; created when missing.</param>
    /// <param name="options">Sizes and knobs; null for the defaults.</param>
    /// <returns>The generated dataset.</returns>
    public static RecommendationDataset GenerateToFolder(string folder, PseudoDatasetOptions? options = null)
    {
        var dataset = Generate(options);
        DatasetFolder.Save(dataset, folder);
        return dataset;
    }

    /// <summary>
    /// Generates a dataset in memory together with its ground truth (<see cref="GeneratedDataset.Truth"/>): what a
    /// model can only estimate, for measuring how far a model is from the best attainable ranking.
    /// </summary>
    /// <param name="options">Sizes and knobs; null for the defaults.</param>
    /// <exception cref="ArgumentException">The options are invalid (all problems listed).</exception>
    public static GeneratedDataset GenerateWithTruth(PseudoDatasetOptions? options = null)
    {
        options ??= new PseudoDatasetOptions();
        options.Validate();
        var topics = TopicVocabulary.Topics;
        // Separate streams so that rewording a template does not change who rated what or how.
        var structure = new Random(options.Seed);
        var text = new Random(unchecked(options.Seed * 31 + 17));

        var users = Enumerable.Range(0, options.UserCount).Select(_ => NewUser(structure)).ToArray();
        var interest = users.Select(u => InterestVector(u, topics)).ToArray();
        var items = Enumerable.Range(0, options.ItemCount).Select(_ => NewItem(structure, topics.Length)).ToArray();
        var userTaste = Gaussian(structure, options.UserCount, options.HiddenTasteDimension, 1.0);
        var itemTaste = Gaussian(structure, options.ItemCount, options.HiddenTasteDimension, 1.0);
        var userBias = Gaussian(structure, options.UserCount, 1, options.BiasStandardDeviation).Select(b => b[0]).ToArray();
        var itemBias = Gaussian(structure, options.ItemCount, 1, options.BiasStandardDeviation).Select(b => b[0]).ToArray();
        var popularity = Popularity(structure, options.ItemCount, options.ItemPopularityExponent);
        var counts = RatingsPerUser(structure, options);
        var truth = new PseudoDatasetTruth(options, interest, items.Select(i => i.Content).ToArray(), userTaste, itemTaste,
            userBias, itemBias, popularity, counts);

        var interactions = new List<Interaction>(options.RatingCount);
        var affinities = new List<double>(options.RatingCount);
        var hiddenTerms = new List<double>(options.RatingCount);
        var affinity = new double[options.ItemCount];
        var chosen = new PriorityQueue<int, double>();
        for (int u = 0; u < options.UserCount; u++)
        {
            // Efraimidis–Spirakis weighted sampling without replacement: the n items with the smallest
            // Exp(1)/weight keys. A bounded max-heap keeps only those n (users rate ~20 of 1,000 items).
            int count = counts[u];
            chosen.Clear();
            for (int i = 0; i < options.ItemCount; i++)
            {
                affinity[i] = truth.Affinity(u, i);
                double key = -Math.Log(1.0 - structure.NextDouble()) / truth.SelectionWeight(u, i, affinity[i]);
                if (chosen.Count < count)
                {
                    chosen.Enqueue(i, -key);
                }
                else if (chosen.TryPeek(out _, out double largest) && key < -largest)
                {
                    chosen.EnqueueDequeue(i, -key);
                }
            }

            var order = chosen.UnorderedItems.OrderByDescending(e => e.Priority).Select(e => e.Element).ToArray();
            long time = PeriodStart + (long)(structure.NextDouble() * PeriodSeconds * 0.75);
            for (int k = 0; k < count; k++)
            {
                int i = order[k];
                double hidden = truth.HiddenTaste(u, i);
                double score = truth.RatingScore(u, i, affinity[i], hidden);
                int stars = PseudoDatasetTruth.Stars(score + Logistic(structure));
                time += 60 + (long)(-Math.Log(1.0 - structure.NextDouble()) * MeanGapSeconds);
                interactions.Add(new Interaction(truth.UserId(u), truth.ItemId(i), stars, time));
                affinities.Add(affinity[i]);
                hiddenTerms.Add(hidden);
            }
        }

        var userTable = UserTable(text, users, truth);
        var itemTable = ItemTable(text, structure, items, topics, truth);
        var dataset = new RecommendationDataset(interactions, userTable, itemTable);
        return new GeneratedDataset(dataset, truth, affinities.ToArray(), hiddenTerms.ToArray());
    }

    private static UserProfile NewUser(Random random)
    {
        var topics = TopicVocabulary.Topics;
        int count = random.NextDouble() switch { < 0.3 => 1, < 0.75 => 2, _ => 3 };
        var interests = Shuffled(random, topics.Length).Take(count + 1).Select(t => topics[t]).ToArray();
        // The extra drawn topic becomes a dislike half the time.
        Topic? dislike = random.NextDouble() < 0.5 ? interests[^1] : null;
        interests = interests[..count];
        string occupation = random.NextDouble() < 0.6
            ? ProfileTextComposer.Pick(random, interests[0].Occupations)
            : ProfileTextComposer.Pick(random, TopicVocabulary.GeneralOccupations);
        var (region, places) = ProfileTextComposer.Pick(random, TopicVocabulary.Regions);
        // Adult ages skew young with a long tail, like sign-up data.
        int age = Math.Min(80, 18 + (int)(-Math.Log(1.0 - random.NextDouble()) * 15));
        return new UserProfile(age, occupation, region, ProfileTextComposer.Pick(random, places), interests, dislike);
    }

    private static double[] InterestVector(UserProfile user, Topic[] topics)
    {
        var vector = new double[topics.Length];
        double weight = 1.0;
        foreach (var topic in user.Interests)
        {
            vector[Array.IndexOf(topics, topic)] = weight;
            weight *= 0.7;
        }

        if (user.Dislike is { } dislike)
        {
            vector[Array.IndexOf(topics, dislike)] = -0.6;
        }

        return Normalised(vector);
    }

    private static ItemProfile NewItem(Random random, int topicCount)
    {
        int count = random.NextDouble() switch { < 0.45 => 1, < 0.85 => 2, _ => 3 };
        var genres = Shuffled(random, topicCount).Take(count).ToArray();
        var content = new double[topicCount];
        for (int g = 0; g < genres.Length; g++)
        {
            content[genres[g]] = g == 0 ? 1.0 : 0.6;
        }

        string format = ProfileTextComposer.Pick(random, TopicVocabulary.Formats);
        // Log-normal price: a skewed numeric column (median about 12).
        double price = Math.Round(Math.Exp(2.5 + 0.7 * StandardNormal(random)), 2);
        return new ItemProfile(genres, Normalised(content), format, price);
    }

    private static EntityTable UserTable(Random text, UserProfile[] users, PseudoDatasetTruth truth)
    {
        var intros = users.Select(u => ProfileTextComposer.SelfIntroduction(text, u)).ToArray();
        return new EntityTable(
            users.Select((_, u) => truth.UserId(u)).ToArray(),
            [
                new FeatureColumn("age", FeatureKind.Numeric, users.Select(u => u.Age.ToString(CultureInfo.InvariantCulture)).ToArray()),
                new FeatureColumn("occupation", FeatureKind.Categorical, users.Select(u => u.Occupation).ToArray()),
                new FeatureColumn("region", FeatureKind.Categorical, users.Select(u => u.Region).ToArray()),
                new FeatureColumn("self_introduction", FeatureKind.Text, intros),
            ]);
    }

    private static EntityTable ItemTable(Random text, Random structure, ItemProfile[] items, Topic[] topics, PseudoDatasetTruth truth)
    {
        var titles = new string[items.Length];
        var blurbs = new string[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            var main = topics[items[i].Genres[0]];
            var second = topics[items[i].Genres[^1]];
            titles[i] = ProfileTextComposer.Title(text, main);
            blurbs[i] = ProfileTextComposer.Blurb(text, main, second, items[i].Format);
        }

        return new EntityTable(
            items.Select((_, i) => truth.ItemId(i)).ToArray(),
            [
                new FeatureColumn("title", FeatureKind.Text, titles),
                new FeatureColumn("genres", FeatureKind.MultiCategorical, items.Select(it => string.Join('|', it.Genres.Select(g => topics[g].Genre))).ToArray()),
                new FeatureColumn("format", FeatureKind.Categorical, items.Select(it => it.Format).ToArray()),
                new FeatureColumn("price", FeatureKind.Numeric, items.Select(it => it.Price.ToString("0.00", CultureInfo.InvariantCulture)).ToArray()),
                new FeatureColumn("description", FeatureKind.Text, blurbs),
            ]);
    }

    /// Zipf weights 1/rank^s over a random ranking of the items.
    private static double[] Popularity(Random random, int count, double exponent)
    {
        var rank = Shuffled(random, count);
        var weights = new double[count];
        for (int r = 0; r < count; r++)
        {
            weights[rank[r]] = Math.Pow(r + 1, -exponent);
        }

        return weights;
    }

    /// Ratings per user: a floor for everyone plus a Zipf share of the rest, capped at half the catalogue, summing
    /// exactly to RatingCount.
    private static int[] RatingsPerUser(Random random, PseudoDatasetOptions options)
    {
        int users = options.UserCount;
        int cap = options.ItemCount / 2;
        var rank = Shuffled(random, users);
        var share = new double[users];
        for (int r = 0; r < users; r++)
        {
            share[rank[r]] = Math.Pow(r + 1, -options.UserActivityExponent);
        }

        double total = share.Sum();
        int spare = options.RatingCount - users * options.MinimumRatingsPerUser;
        var counts = new int[users];
        int assigned = 0;
        for (int u = 0; u < users; u++)
        {
            counts[u] = Math.Min(cap, options.MinimumRatingsPerUser + (int)(spare * share[u] / total));
            assigned += counts[u];
        }

        // Hand out what rounding and the cap left over, most active users first.
        var byActivity = Enumerable.Range(0, users).OrderByDescending(u => share[u]).ToArray();
        for (int k = 0; assigned < options.RatingCount; k = (k + 1) % users)
        {
            int u = byActivity[k];
            if (counts[u] < cap)
            {
                counts[u]++;
                assigned++;
            }
        }

        return counts;
    }

    private static double[][] Gaussian(Random random, int rows, int columns, double deviation) =>
        Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, columns).Select(_ => deviation * StandardNormal(random)).ToArray()).ToArray();

    private static double StandardNormal(Random random)
    {
        // Box–Muller; 1 - NextDouble() avoids log(0).
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static double Logistic(Random random)
    {
        double u = Math.Clamp(random.NextDouble(), 1e-12, 1 - 1e-12);
        return Math.Log(u / (1 - u));
    }

    private static int[] Shuffled(Random random, int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        random.Shuffle(order);
        return order;
    }

    private static double[] Normalised(double[] vector)
    {
        double norm = Math.Sqrt(PseudoDatasetTruth.Dot(vector, vector));
        return norm == 0 ? vector : vector.Select(v => v / norm).ToArray();
    }

    private sealed record ItemProfile(int[] Genres, double[] Content, string Format, double Price);
}
