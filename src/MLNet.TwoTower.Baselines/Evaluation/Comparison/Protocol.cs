using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// One evaluation protocol (docs/protocols.md), described once: the key JSON results use, the label the ablation's
/// column headers start with, the title tables and charts show, and the headline metrics summaries keep.
/// <see cref="RecommenderComparison"/> tags every <see cref="ProtocolTable"/> with one; the CLI, the charts and the
/// ablation read these instead of mapping names of their own. Serialised as its <see cref="Key"/>.
/// </summary>
[JsonConverter(typeof(ProtocolJsonConverter))]
public sealed class Protocol
{
    private Protocol(string key, string label, string title, bool ranksRatedItems, string[] headlineMetrics)
    {
        Key = key;
        Label = label;
        Title = title;
        RanksRatedItems = ranksRatedItems;
        HeadlineMetrics = headlineMetrics;
    }

    /// <summary>Warm users: a random 80/20 split of the ratings, each user's test items ranked (the reference protocol).</summary>
    public static Protocol Warm { get; } = new("warm", "warm",
        "Warm users: nDCG@k on held-out ratings (reference protocol, ML.NET ranking evaluator)", true,
        ["nDCG@1", "nDCG@3", "nDCG@5", "nDCG@10"]);

    /// <summary>Cold-start users: a share of users held out entirely, their items ranked.</summary>
    public static Protocol ColdUsers { get; } = new("coldUsers", "cold-user",
        "Cold-start users: nDCG@k for users held out entirely", true,
        ["nDCG@1", "nDCG@3", "nDCG@5", "nDCG@10"]);

    /// <summary>Full catalogue: every item ranked for each warm test user, training items excluded.</summary>
    public static Protocol FullCatalog { get; } = new("fullCatalog", "catalog",
        "Full catalogue: every item ranked, training items excluded", false,
        ["nDCG@10", "Recall@10", "Recall@50", "MRR@10"]);

    /// <summary>Cold-start items: a share of items held out entirely and ranked among themselves.</summary>
    public static Protocol ColdItems { get; } = new("coldItems", "cold-item",
        "Cold-start items: held-out items ranked for users with a positive among them", false,
        ["nDCG@10", "Recall@10", "Recall@50"]);

    /// <summary>
    /// Implicit feedback (<see cref="ComparisonOptions.Implicit"/>): every interaction a positive, a held-out test file
    /// or a per-user 75/25 split, every item ranked with the user's training items excluded; the metrics of Microsoft
    /// Recommenders' MovieLens benchmark.
    /// </summary>
    public static Protocol Implicit { get; } = new("implicit", "implicit",
        "Implicit feedback: every interaction a positive, every item ranked, training items excluded", false,
        ["nDCG@10", "Precision@10", "Recall@10", "MAP@10"]);

    /// <summary>Implicit feedback, cold-start users: a share of users held out entirely, every item ranked for them.</summary>
    public static Protocol ImplicitColdUsers { get; } = new("implicitColdUsers", "implicit cold-user",
        "Implicit feedback, cold-start users: every item ranked for users held out entirely", false,
        ["nDCG@10", "Precision@10", "Recall@10", "MAP@10"]);

    /// <summary>Implicit feedback, cold-start items: a share of items held out entirely and ranked among themselves.</summary>
    public static Protocol ImplicitColdItems { get; } = new("implicitColdItems", "implicit cold-item",
        "Implicit feedback, cold-start items: held-out items ranked for users who interacted with them", false,
        ["nDCG@10", "Precision@10", "Recall@10", "MAP@10"]);

    /// <summary>The protocols of ratings (the default comparison), in the order the comparison runs them.</summary>
    public static IReadOnlyList<Protocol> Explicit { get; } = [Warm, ColdUsers, FullCatalog, ColdItems];

    /// <summary>The protocols of implicit feedback (<see cref="ComparisonOptions.Implicit"/>), in the order the comparison runs them.</summary>
    public static IReadOnlyList<Protocol> ImplicitFeedback { get; } = [Implicit, ImplicitColdUsers, ImplicitColdItems];

    /// <summary>Every protocol: the rating protocols, then the implicit-feedback ones.</summary>
    public static IReadOnlyList<Protocol> All { get; } = [.. Explicit, .. ImplicitFeedback];

    /// <summary>
    /// The JSON key: <c>warm</c>, <c>coldUsers</c>, <c>fullCatalog</c>, <c>coldItems</c>, or in implicit mode
    /// <c>implicit</c>, <c>implicitColdUsers</c>, <c>implicitColdItems</c>.
    /// </summary>
    public string Key { get; }

    /// <summary>Short label for column headers, e.g. "cold-user" in "cold-user nDCG@10".</summary>
    public string Label { get; }

    /// <summary>One-line title for tables and charts.</summary>
    public string Title { get; }

    /// <summary>
    /// True for the protocols that rank each user's own rated test items (nDCG@k over the k cut-offs); false for the
    /// retrieval protocols that rank a catalogue.
    /// </summary>
    public bool RanksRatedItems { get; }

    /// <summary>The metrics a summary keeps for this protocol (the full report has more).</summary>
    public IReadOnlyList<string> HeadlineMetrics { get; }

    /// <summary>The protocol with this <see cref="Key"/>.</summary>
    /// <exception cref="ArgumentException">No protocol has that key.</exception>
    public static Protocol FromKey(string key) =>
        All.FirstOrDefault(p => p.Key == key)
        ?? throw new ArgumentException($"Unknown protocol '{key}'; known: {string.Join(", ", All.Select(p => p.Key))}.", nameof(key));

    /// <summary>The <see cref="Key"/>.</summary>
    public override string ToString() => Key;

    private sealed class ProtocolJsonConverter : JsonConverter<Protocol>
    {
        public override Protocol Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var key = reader.GetString() ?? throw new JsonException("A protocol must be written as its key, e.g. \"warm\"; got null.");
            try
            {
                return FromKey(key);
            }
            catch (ArgumentException error)
            {
                throw new JsonException(error.Message, error);
            }
        }

        public override void Write(Utf8JsonWriter writer, Protocol value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Key);
    }
}
