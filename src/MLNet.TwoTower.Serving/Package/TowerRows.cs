using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Modeling;
using MLNet.TwoTower.Retrieval;
using MLNet.TwoTower.Schema;

namespace MLNet.TwoTower.Serving.Package;

/// <summary>
/// Data views of exactly the columns one tower reads (its key and its feature vector, named as in the model's
/// parameters), so a tower embeds users or items without the other side's columns.
/// </summary>
internal sealed class TowerRows
{
    private readonly MLContext _ml;
    private readonly SchemaDefinition _definition;

    private TowerRows(MLContext ml, string keyColumn, int keyCount, string? featuresColumn, int featureWidth, string embeddingColumn)
    {
        _ml = ml;
        EmbeddingColumn = embeddingColumn;
        _definition = SchemaDefinition.Create(typeof(Row));
        // The indexer finds a column by its current name: take both before renaming either.
        var key = _definition[nameof(Row.Key)];
        var features = _definition[nameof(Row.Features)];
        key.ColumnName = keyColumn;
        key.ColumnType = new KeyDataViewType(typeof(uint), keyCount);
        if (featuresColumn is null)
            _definition.Remove(features);
        else
        {
            features.ColumnName = featuresColumn;
            features.ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureWidth);
        }
    }

    /// <summary>The column the tower adds.</summary>
    public string EmbeddingColumn { get; }

    public static TowerRows UserSide(MLContext ml, TwoTowerModelParameters parameters) =>
        new(ml, parameters.UserIdColumnName, parameters.UserKeyCount, parameters.UserFeaturesColumnName,
            parameters.UserTower.FeatureSize, DefaultColumnNames.UserEmbedding);

    public static TowerRows ItemSide(MLContext ml, TwoTowerModelParameters parameters) =>
        new(ml, parameters.ItemIdColumnName, parameters.ItemKeyCount, parameters.ItemFeaturesColumnName,
            parameters.ItemTower.FeatureSize, DefaultColumnNames.ItemEmbedding);

    /// <summary>Rows with 0-based keys (<see cref="Missing"/> for none: the tower's unseen-entity path).</summary>
    public IDataView View(IEnumerable<(uint ZeroBasedKey, float[]? Features)> rows) =>
        _ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Key = r.ZeroBasedKey, Features = r.Features ?? [] }), _definition);

    /// <summary>A 0-based key past every key count: ML.NET reads it as the missing key (0).</summary>
    public const uint Missing = uint.MaxValue;

    /// <summary>Runs <paramref name="tower"/> over <paramref name="rows"/> and returns the embeddings in row order.</summary>
    public List<float[]> Embed(ITransformer tower, IEnumerable<(uint ZeroBasedKey, float[]? Features)> rows) =>
        UserEmbeddingReader.ReadInOrder(tower.Transform(View(rows)), EmbeddingColumn);

    private sealed class Row
    {
        public uint Key { get; set; }
        public float[] Features { get; set; } = [];
    }
}
