using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.TwoStage.Features;

namespace MLNet.TwoTower.TwoStage.Training;

/// <summary>
/// The re-ranker's training groups, one per user with a held-out positive: the retrieval stage's top candidates
/// (the user's tower-training items excluded, as at serving) labelled 1 when the user's held-out rows rate them
/// positive and 0 otherwise (retrieved but not interacted: implicit negatives; or held out and disliked), plus the
/// user's held-out rated items the retrieval missed, with the same labels (so the warm protocol's case, ordering the
/// items a user rated, is trained too). Features come from the first towers and the statistics of the rows they saw.
/// </summary>
internal sealed class RerankerTrainingSet
{
    public const string LabelColumnName = "Label";
    public const string GroupColumnName = "GroupId";

    private RerankerTrainingSet(List<Row> rows, int userKeyCount, int featureWidth)
    {
        Rows = rows;
        UserKeyCount = userKeyCount;
        FeatureWidth = featureWidth;
    }

    /// <summary>The rows, grouped by user (each group contiguous), with their (user, item) keys for diagnostics.</summary>
    public IReadOnlyList<Row> Rows { get; }

    public int UserKeyCount { get; }

    public int FeatureWidth { get; }

    public int GroupCount => Rows.Select(r => r.User).Distinct().Count();

    public static RerankerTrainingSet Build(InteractionTable data, bool[] heldOut, EntityEmbeddings embeddings,
        EntityStatistics statistics, int candidateCount, float positiveThreshold)
    {
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

        int width = RerankFeatures.Width(embeddings.Dimension);
        var rows = new List<Row>();
        foreach (var (user, userLabels) in labels.OrderBy(p => p.Key))
        {
            if (!userLabels.Values.Any(v => v > 0) || embeddings.Users[user] is not { } userEmbedding)
                continue;
            var userSeen = seen.GetValueOrDefault(user) ?? [];
            var candidates = CandidateRetrieval.Top(userEmbedding, embeddings.Items, item => !userSeen.Contains(item), candidateCount);
            var items = candidates.Concat(userLabels.Keys.Where(i => embeddings.Items[i] is not null).Order().Except(candidates));
            var ranking = embeddings.UserRanking[user];
            foreach (var item in items)
            {
                var features = new float[width];
                RerankFeatures.Write(features, userEmbedding, ranking, embeddings.Items[item]!, statistics.User(user), statistics.Item(item));
                rows.Add(new Row(user, item, userLabels.GetValueOrDefault(item), features));
            }
        }
        return new RerankerTrainingSet(rows, data.UserKeyCount, width);
    }

    /// <summary>The rows as the ranking trainers read them: Single label, key-typed group, known-size features.</summary>
    public IDataView ToDataView(MLContext ml, string featureColumnName)
    {
        var definition = SchemaDefinition.Create(typeof(TrainingRow));
        definition[nameof(TrainingRow.GroupId)].ColumnType = new KeyDataViewType(typeof(uint), UserKeyCount);
        definition[nameof(TrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureWidth);
        definition[nameof(TrainingRow.Features)].ColumnName = featureColumnName;
        // LoadFromEnumerable stores a key member v as key v + 1, so the 1-based user key goes in as key − 1.
        return ml.Data.LoadFromEnumerable(Rows.Select(r => new TrainingRow { Label = r.Label, GroupId = r.User - 1, Features = r.Features }), definition);
    }

    public sealed record Row(uint User, uint Item, float Label, float[] Features);

    private sealed class TrainingRow
    {
        public float Label { get; set; }
        public uint GroupId { get; set; }
        public float[] Features { get; set; } = [];
    }
}
