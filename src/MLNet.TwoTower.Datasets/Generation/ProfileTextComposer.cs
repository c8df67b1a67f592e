namespace MLNet.TwoTower.Datasets.Generation;

/// <summary>
/// Writes self-introductions and product blurbs from sentence templates. Each text picks an opening, one or two
/// interest sentences per strong interest, sometimes a dislike, and a closing, each from several patterns, so texts
/// vary in shape and length the way real profiles do. Only the stated interests (not the hidden taste) show.
/// </summary>
internal static class ProfileTextComposer
{
    private static readonly string[] Openings =
    [
        "Hi! I'm {a-occupation} based in {place}.",
        "{age}-year-old {occupation} here, living in {place}.",
        "I work as {a-occupation} in {place}.",
        "Hello there, {occupation} by day.",
        "Born and raised near {place}, now working as {a-occupation}.",
        "Not much to say about me: {occupation}, {age}, {place}.",
    ];

    private static readonly string[] ActivitySentences =
    [
        "In my free time I love {activity} and {activity2}.",
        "Lately I've been really into {activity}.",
        "You'll usually find me {activity} on weekends.",
        "Friends say I spend way too much time {activity}.",
        "My ideal Sunday involves {activity} and maybe some {thing}.",
        "Picked up {activity} a few years ago and never looked back.",
    ];

    private static readonly string[] ThingSentences =
    [
        "Big fan of {thing}, and I never say no to {thing2}.",
        "I can talk for hours about {thing}.",
        "Currently obsessed with {thing}.",
        "Anything involving {thing} gets my attention.",
        "Ask me about {thing}!",
    ];

    private static readonly string[] Dislikes =
    [
        "Honestly, {thing} is not really my thing.",
        "Not a fan of {thing}, though my partner is.",
        "I've never understood the appeal of {thing}.",
    ];

    private static readonly string[] Closings =
    [
        "Always happy to get recommendations!",
        "Looking for something new to enjoy.",
        "Open to suggestions.",
        "Send me your favourites.",
        "",
        "",
    ];

    private static readonly string[] BlurbOpenings =
    [
        "{A-adjective} {format} about {thing}.",
        "This {adjective} {format} dives into {thing}.",
        "{Format} for anyone who loves {thing}.",
        "{A-adjective} {format} that mixes {thing} with {thing2}.",
        "Part guide, part story: {a-format} about {thing}.",
    ];

    private static readonly string[] BlurbMiddles =
    [
        "Perfect if you enjoy {activity}.",
        "Expect plenty of {thing} along the way.",
        "Follows a small group {activity} and what they learn.",
        "Fans of {thing} will feel right at home.",
        "Great company for evenings spent {activity}.",
        "Full of ideas for {activity}.",
    ];

    private static readonly string[] BlurbClosings =
    [
        "Critics called it {adjective}.",
        "A quiet favourite with fans.",
        "Newly updated edition.",
        "",
        "",
    ];

    public static string SelfIntroduction(Random random, UserProfile user)
    {
        // Each template at most once per profile, so no text repeats a sentence pattern.
        var interestSentences = new Queue<string>(Shuffled(random, [.. ActivitySentences, .. ThingSentences]));
        var parts = new List<string>
        {
            Fill(Pick(random, Openings), random, user.Interests[0], user),
        };
        foreach (var topic in user.Interests)
        {
            parts.Add(Fill(interestSentences.Dequeue(), random, topic, user));
            if (random.NextDouble() < 0.3)
            {
                parts.Add(Fill(interestSentences.Dequeue(), random, topic, user));
            }
        }

        if (user.Dislike is { } dislike && random.NextDouble() < 0.35)
        {
            parts.Add(Fill(Pick(random, Dislikes), random, dislike, user));
        }

        parts.Add(Pick(random, Closings));
        return string.Join(' ', parts.Where(p => p.Length > 0));
    }

    public static string Title(Random random, Topic topic)
    {
        string noun = Pick(random, topic.TitleNouns);
        string adjective = Pick(random, TopicVocabulary.TitleAdjectives);
        return random.Next(4) switch
        {
            0 => $"The {adjective} {noun}",
            1 => $"{adjective} {noun}",
            2 => $"{noun} of the {Pick(random, TopicVocabulary.TitleAdjectives)} {Pick(random, topic.TitleNouns)}",
            _ => $"{noun}: {Capitalise(Pick(random, topic.Things))}",
        };
    }

    public static string Blurb(Random random, Topic main, Topic second, string format)
    {
        var parts = new List<string>
        {
            FillBlurb(Pick(random, BlurbOpenings), random, main, second, format),
            FillBlurb(Pick(random, BlurbMiddles), random, random.NextDouble() < 0.7 ? main : second, second, format),
            FillBlurb(Pick(random, BlurbClosings), random, main, second, format),
        };
        return string.Join(' ', parts.Where(p => p.Length > 0));
    }

    private static string Fill(string template, Random random, Topic topic, UserProfile user)
    {
        var (activity, activity2) = TwoDistinct(random, topic.Activities);
        var (thing, thing2) = TwoDistinct(random, topic.Things);
        return template
            .Replace("{a-occupation}", WithArticle(user.Occupation), StringComparison.Ordinal)
            .Replace("{occupation}", user.Occupation, StringComparison.Ordinal)
            .Replace("{place}", user.Place, StringComparison.Ordinal)
            .Replace("{age}", user.Age.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{activity2}", activity2, StringComparison.Ordinal)
            .Replace("{activity}", activity, StringComparison.Ordinal)
            .Replace("{thing2}", thing2, StringComparison.Ordinal)
            .Replace("{thing}", thing, StringComparison.Ordinal);
    }

    private static (string First, string Second) TwoDistinct(Random random, string[] phrases)
    {
        int first = random.Next(phrases.Length);
        int second = (first + 1 + random.Next(phrases.Length - 1)) % phrases.Length;
        return (phrases[first], phrases[second]);
    }

    private static string[] Shuffled(Random random, string[] items)
    {
        var copy = (string[])items.Clone();
        random.Shuffle(copy);
        return copy;
    }

    private static string FillBlurb(string template, Random random, Topic topic, Topic second, string format)
    {
        string adjective = Pick(random, TopicVocabulary.BlurbAdjectives);
        return template
            .Replace("{A-adjective}", Capitalise(WithArticle(adjective)), StringComparison.Ordinal)
            .Replace("{a-format}", WithArticle(format), StringComparison.Ordinal)
            .Replace("{Format}", Capitalise(format), StringComparison.Ordinal)
            .Replace("{format}", format, StringComparison.Ordinal)
            .Replace("{adjective}", adjective, StringComparison.Ordinal)
            .Replace("{activity}", Pick(random, topic.Activities), StringComparison.Ordinal)
            .Replace("{thing2}", Pick(random, second.Things), StringComparison.Ordinal)
            .Replace("{thing}", Pick(random, topic.Things), StringComparison.Ordinal);
    }

    private static string WithArticle(string word) => ("aeiou".Contains(word[0]) ? "an " : "a ") + word;

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    internal static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
