using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Datasets.Features;

/// <summary>
/// The feature vector of each entity, read once from a featurised entity IDataView (<c>PreparedData</c> shares them
/// across that entity's interaction rows).
/// </summary>
public sealed class EntityFeatureTable
{
    private readonly Dictionary<string, float[]> _vectors;

    private EntityFeatureTable(Dictionary<string, float[]> vectors, int dimension)
    {
        _vectors = vectors;
        Dimension = dimension;
    }

    /// <summary>Length of every feature vector.</summary>
    public int Dimension { get; }

    /// <summary>Number of entities.</summary>
    public int Count => _vectors.Count;

    /// <summary>The vector of an entity.</summary>
    /// <param name="id">The entity id.</param>
    /// <param name="vector">The vector (shared; do not modify).</param>
    /// <returns>True when the id is known.</returns>
    public bool TryGetVector(string id, out float[] vector) => _vectors.TryGetValue(id, out vector!);

    /// <summary>Reads the id and feature columns of <paramref name="featurized"/> (one row per entity).</summary>
    /// <param name="featurized">Output of a fitted <see cref="EntityFeaturizerCatalog.FeaturizeEntity"/> transformer.</param>
    /// <param name="idColumnName">The Text id column, e.g. "UserIdText".</param>
    /// <param name="featuresColumnName">The known-size Single vector column, e.g. "Features".</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or an id repeats.</exception>
    public static EntityFeatureTable FromDataView(IDataView featurized, string idColumnName, string featuresColumnName = EntityFeaturizerDefaults.OutputColumnName) =>
        FromDataView(featurized, idColumnName, featuresColumnName, onRow: null);

    /// <summary>As the public overload; <paramref name="onRow"/> receives the number of rows read after each row.</summary>
    internal static EntityFeatureTable FromDataView(IDataView featurized, string idColumnName, string featuresColumnName, Action<int>? onRow)
    {
        ArgumentNullException.ThrowIfNull(featurized);
        var idColumn = featurized.Schema.GetColumnOrNull(idColumnName)
            ?? throw new ArgumentException($"Column '{idColumnName}' not found; the featurised view has [{string.Join(", ", featurized.Schema.Select(c => c.Name))}].", nameof(idColumnName));
        if (idColumn.Type is not TextDataViewType)
        {
            throw new ArgumentException($"Column '{idColumnName}' must be Text; got {idColumn.Type}.", nameof(idColumnName));
        }

        var featureColumn = featurized.Schema.GetColumnOrNull(featuresColumnName)
            ?? throw new ArgumentException($"Column '{featuresColumnName}' not found; the featurised view has [{string.Join(", ", featurized.Schema.Select(c => c.Name))}].", nameof(featuresColumnName));
        if (featureColumn.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } vectorType || vectorType.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentException($"Column '{featuresColumnName}' must be a known-size vector of Single; got {featureColumn.Type}.", nameof(featuresColumnName));
        }

        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using var cursor = featurized.GetRowCursor([idColumn, featureColumn]);
        var idGetter = cursor.GetGetter<ReadOnlyMemory<char>>(idColumn);
        var featureGetter = cursor.GetGetter<VBuffer<float>>(featureColumn);
        ReadOnlyMemory<char> id = default;
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            idGetter(ref id);
            featureGetter(ref buffer);
            string key = id.ToString();
            if (!vectors.TryAdd(key, buffer.DenseValues().ToArray()))
            {
                throw new ArgumentException($"Id '{key}' appears twice in column '{idColumnName}'; featurise each entity once.", nameof(featurized));
            }

            onRow?.Invoke(vectors.Count);
        }

        return new EntityFeatureTable(vectors, vectorType.Size);
    }
}
