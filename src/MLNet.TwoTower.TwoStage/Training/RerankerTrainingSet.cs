using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.TwoStage.Features;

namespace MLNet.TwoTower.TwoStage.Training;

/// <summary>
/// The re-rankers' training groups, built from the held-out labels with features of the first towers and the
/// statistics of the rows they saw. One group per user with a held-out positive, in each of two sets, one per way the
/// model is used:
/// <list type="bullet">
/// <item><see cref="Catalogue"/>: the retrieval stage's top candidates (the user's tower-training items excluded, as
/// at serving), labelled 1 when the user's held-out rows rate them positive and 0 otherwise (retrieved but not
/// interacted: implicit negatives; or held out and disliked). Only retrieved items, so training matches serving; a
/// user whose held-out positives were all missed by retrieval has no group.</item>
/// <item><see cref="Rated"/>: the user's held-out rated items, 1 when positive and 0 when not: ordering the items a
/// user rated, as the warm protocol asks. A separate set (and model) because a model trained on both learns mostly
/// which items a user interacts with (hundreds of retrieved negatives per group), which orders rated items about as
/// well as popularity does (pseudo data, seed 42: warm nDCG@10 0.8114 against popularity's 0.8111). Users whose held-out
/// items are all positive (implicit feedback) have none.</item>
/// </list>
/// A seeded share of the users (<c>coldStatisticsFraction</c>) get the cold statistics row (count 0, mean of all
/// labels) instead of their own, so users without history at serving are not outside what the trees saw; likewise a
/// seeded share of the items (<c>coldItemStatisticsFraction</c>) carry the cold item row in the catalogue set only, so
/// a new item among the candidates is not outside what the catalogue trees saw (the rated-item set keeps the real
/// rows: that model orders items the user rated, which have statistics). Feature groups switched off are zeroed.
/// </summary>
internal sealed class RerankerTrainingSet
{
    public const string LabelColumnName = "Label";
    public const string GroupColumnName = "GroupId";

    private RerankerTrainingSet(List<Row> catalogue, List<Row> rated, int userKeyCount, int featureWidth)
    {
        Catalogue = catalogue;
        Rated = rated;
        UserKeyCount = userKeyCount;
        FeatureWidth = featureWidth;
    }

    /// <summary>Catalogue groups (retrieved candidates), each group contiguous.</summary>
    public IReadOnlyList<Row> Catalogue { get; }

    /// <summary>Rated groups (the held-out rated items), each group contiguous.</summary>
    public IReadOnlyList<Row> Rated { get; }

    /// <summary>Every row of both sets.</summary>
    public IEnumerable<Row> Rows => Catalogue.Concat(Rated);

    public int UserKeyCount { get; }

    public int FeatureWidth { get; }

    public static RerankerTrainingSet Build(InteractionTable data, bool[] heldOut, EntityEmbeddings embeddings,
        EntityStatistics statistics, int candidateCount, float positiveThreshold, float coldStatisticsFraction, int seed,
        float coldItemStatisticsFraction = 0, RerankFeatureGroups featureGroups = RerankFeatureGroups.All,
        MatrixFactorizationFeature? matrixFactorization = null)
    {
        // Its own stream, so the users' draw below is the same whatever the items' share.
        var itemRandom = new Random(unchecked(seed * 31 + 7));
        var coldItems = new bool[data.ItemKeyCount + 1];
        for (int i = 1; i <= data.ItemKeyCount; i++)
            coldItems[i] = itemRandom.NextDouble() < coldItemStatisticsFraction;
        var seen = new Dictionary<uint, HashSet<uint>>();
        var labels = new Dictionary<uint, Dictionary<uint, float>>();
        for (int r = 0; r < data.Count; r++)
        {
            if (!data.IsValid(r))
                continue;
            uint user = data.Users[r], item = data.Items[r];
            if (!heldOut[r])
            {
                (seen.TryGetValue(user, out var s) ? s : seen[user] = []).Add(item);
                continue;
            }
            var userLabels = labels.TryGetValue(user, out var l) ? l : labels[user] = [];
            float relevance = data.Labels[r] >= positiveThreshold ? 1f : 0f;
            // A pair rated twice is relevant if either rating is.
            userLabels[item] = Math.Max(relevance, userLabels.GetValueOrDefault(item));
        }

        int width = RerankFeatures.Width(embeddings.Dimension, matrixFactorization is not null);
        var catalogue = new List<Row>();
        var rated = new List<Row>();
        var random = new Random(seed);
        foreach (var (user, userLabels) in labels.OrderBy(p => p.Key))
        {
            bool coldStatistics = random.NextDouble() < coldStatisticsFraction;
            if (!userLabels.Values.Any(v => v > 0) || embeddings.Users[user] is not { } userEmbedding)
                continue;
            var userSeen = seen.GetValueOrDefault(user) ?? [];
            var candidates = CandidateRetrieval.Top(userEmbedding, embeddings.Items, item => !userSeen.Contains(item), candidateCount);
            if (candidates.Any(item => userLabels.GetValueOrDefault(item) > 0))
                Add(catalogue, candidates, coldItems);
            var ratedItems = userLabels.Keys.Where(i => embeddings.Items[i] is not null).Order().ToArray();
            if (ratedItems.Any(item => userLabels[item] == 0))
                Add(rated, ratedItems, null);

            void Add(List<Row> rows, IEnumerable<uint> items, bool[]? coldItemRows)
            {
                var ranking = embeddings.UserRanking[user];
                var userStatistics = statistics.User(coldStatistics ? 0 : user);
                foreach (var item in items)
                {
                    var features = new float[width];
                    bool coldItem = coldItemRows is not null && coldItems[item];
                    var itemStatistics = statistics.Item(coldItem ? 0 : item);
                    // The factor model's cold rows go with the cold statistics: a new user or item has neither at serving.
                    float? factorScore = matrixFactorization?.Score(coldStatistics ? 0 : user, coldItem ? 0 : item);
                    RerankFeatures.Write(features, userEmbedding, ranking, embeddings.Items[item]!, userStatistics, itemStatistics, factorScore);
                    RerankFeatures.Mask(features, embeddings.Dimension, featureGroups);
                    rows.Add(new Row(user, item, userLabels.GetValueOrDefault(item), features));
                }
            }
        }
        return new RerankerTrainingSet(catalogue, rated, data.UserKeyCount, width);
    }

    /// <summary>Groups in a set.</summary>
    public static int GroupCount(IReadOnlyList<Row> rows) => rows.Select(r => r.User).Distinct().Count();

    /// <summary>A set as the ranking trainers read it: Single label, key-typed group (the user), known-size features.</summary>
    public IDataView ToDataView(MLContext ml, IReadOnlyList<Row> rows, string featureColumnName)
    {
        var definition = SchemaDefinition.Create(typeof(TrainingRow));
        definition[nameof(TrainingRow.GroupId)].ColumnType = new KeyDataViewType(typeof(uint), UserKeyCount);
        definition[nameof(TrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureWidth);
        definition[nameof(TrainingRow.Features)].ColumnName = featureColumnName;
        // LoadFromEnumerable stores a key member v as key v + 1, so the 1-based user key goes in as key − 1.
        return ml.Data.LoadFromEnumerable(rows.Select(r => new TrainingRow { Label = r.Label, GroupId = r.User - 1, Features = r.Features }), definition);
    }

    /// <summary>One training row: the (user, item) keys it describes (the user is its group), the label, the features.</summary>
    public sealed record Row(uint User, uint Item, float Label, float[] Features);

    private sealed class TrainingRow
    {
        public float Label { get; set; }
        public uint GroupId { get; set; }
        public float[] Features { get; set; } = [];
    }
}
