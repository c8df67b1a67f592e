using MLNet.TwoTower.Datasets;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.Serving.Package;

namespace MLNet.TwoTower.Experiments;

/// <summary>
/// A model trained on <see cref="PreparedData"/> as a <see cref="RecommendationPackageContent"/>: its users and
/// items with their feature vectors, the catalogue items that had no interactions, who has seen what, the user
/// feature pipeline and the profile fields a new user may give (numbers with their training range).
/// </summary>
public static class TrainedPackage
{
    /// <summary>What <c>twotower train</c> packs for <paramref name="model"/>, fitted on all of <paramref name="data"/>'s interactions.</summary>
    public static RecommendationPackageContent Content(TwoTowerTransformer model, PreparedData data, PackageMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(metadata);
        var features = data.Features;
        var userKeys = Keys(data.UserIds);
        var itemKeys = Keys(data.ItemIds);
        var seen = data.UserIds.Select(_ => new HashSet<uint>()).ToArray();
        foreach (var interaction in data.Dataset.Interactions)
            seen[userKeys[interaction.UserId] - 1].Add(itemKeys[interaction.ItemId]);

        var newItems = features.Items is { } items && data.Dataset.Items is { } table
            ? table.Ids.Where(id => !itemKeys.ContainsKey(id)).Select(id => (id, Vector(items, id))).ToArray()
            : [];
        return new RecommendationPackageContent
        {
            Model = model,
            UserIds = data.UserIds,
            UserFeatures = features.Users is { } users ? data.UserIds.Select(id => Vector(users, id)).ToArray() : null,
            ItemIds = data.ItemIds,
            ItemFeatures = features.Items is { } itemTable ? data.ItemIds.Select(id => Vector(itemTable, id)).ToArray() : null,
            ItemsWithoutInteractions = newItems,
            SeenItems = seen.Select(s => s.Order().ToArray()).ToArray(),
            UserFeaturizer = features.UserTransformer,
            UserFeaturizerInputSchema = features.UserInputSchema,
            Metadata = new PackageMetadata
            {
                Dataset = metadata.Dataset,
                Seed = metadata.Seed,
                TrainingStartedUtc = metadata.TrainingStartedUtc,
                TrainingFinishedUtc = metadata.TrainingFinishedUtc,
                TextFeaturizer = metadata.TextFeaturizer,
                Options = metadata.Options,
                Metrics = metadata.Metrics,
                ProfileFields = ProfileFields(data),
            },
        };
    }

    /// <summary>The user columns the user pipeline reads, numbers with the range of their training values.</summary>
    public static IReadOnlyList<ProfileField> ProfileFields(PreparedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Dataset.Users is not { } users || data.Features.UserInputSchema is not { } schema)
            return [];
        return users.Columns.Where(c => schema.GetColumnOrNull(c.Name) is not null).Select(column =>
        {
            if (column.Kind != FeatureKind.Numeric)
                return new ProfileField(column.Name, column.Kind);
            var values = Enumerable.Range(0, column.Count).Select(column.GetNumber).Where(float.IsFinite).ToArray();
            return values.Length == 0
                ? new ProfileField(column.Name, column.Kind)
                : new ProfileField(column.Name, column.Kind, values.Min(), values.Max());
        }).ToArray();
    }

    // As PreparedData does: an entity without a feature row gets the all-zero vector.
    private static float[] Vector(Datasets.Features.EntityFeatureTable table, string id) =>
        table.TryGetVector(id, out var vector) ? vector : new float[table.Dimension];

    private static Dictionary<string, uint> Keys(IReadOnlyList<string> ids) =>
        ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => (uint)(p.i + 1), StringComparer.Ordinal);
}
