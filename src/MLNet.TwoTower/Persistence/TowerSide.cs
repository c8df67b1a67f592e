using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.TwoTower.Schema;
using MLNet.TwoTower.Modeling;

namespace MLNet.TwoTower.Persistence;

/// <summary>What one tower reads and writes: its weights, its input columns and its embedding column.</summary>
internal sealed record TowerSide(
    string Name,
    TowerWeights Weights,
    string? FeaturesColumnName,
    string IdColumnName,
    int KeyCount,
    string EmbeddingColumnName)
{
    /// <summary>The user side of <paramref name="parameters"/>.</summary>
    public static TowerSide User(TwoTowerModelParameters parameters) => new("user", parameters.UserTower,
        parameters.UserFeaturesColumnName, parameters.UserIdColumnName, parameters.UserKeyCount,
        DefaultColumnNames.UserEmbedding);

    /// <summary>The item side of <paramref name="parameters"/>.</summary>
    public static TowerSide Item(TwoTowerModelParameters parameters) => new("item", parameters.ItemTower,
        parameters.ItemFeaturesColumnName, parameters.ItemIdColumnName, parameters.ItemKeyCount,
        DefaultColumnNames.ItemEmbedding);

    /// <summary>
    /// The user tower's ranking vector column (<see cref="Schema.DefaultColumnNames.UserRankingEmbedding"/>) when its weights
    /// have one; null otherwise (and always for the item tower).
    /// </summary>
    public string? RankingColumnName => Weights.RankingAugmentation is null ? null : DefaultColumnNames.UserRankingEmbedding;

    /// <summary>The columns the tower's graph writes: its embedding, then its ranking vector if it has one.</summary>
    public string[] OutputColumnNames => RankingColumnName is { } ranking ? [EmbeddingColumnName, ranking] : [EmbeddingColumnName];

    /// <summary>Whether the tower reads a feature vector.</summary>
    public bool ReadsFeatures => Weights.FeatureSize > 0;

    /// <summary>Whether the tower reads the id key (it has a learned id table).</summary>
    public bool ReadsId => Weights.IdEmbedding is not null;

    /// <summary>The temporary UInt64 copy of the key's raw value that the ONNX graph reads (ONNX has no key type).</summary>
    public string IdRawColumnName => $"__TwoTower{char.ToUpperInvariant(Name[0])}{Name[1..]}Id";

    /// <summary>Declares the columns this tower reads, with the types it was trained on.</summary>
    public void AddInputColumns(DataViewSchema.Builder builder)
    {
        if (ReadsFeatures)
            builder.AddColumn(FeaturesColumnName!, new VectorDataViewType(NumberDataViewType.Single, Weights.FeatureSize));
        if (ReadsId)
            builder.AddColumn(IdColumnName, new KeyDataViewType(typeof(uint), KeyCount));
    }

    /// <summary>Checks that the weights and the column names agree, before anything is built.</summary>
    public void Validate()
    {
        const string parameter = "parameters";
        if (!ReadsFeatures && !ReadsId)
            throw new ArgumentException(
                $"The {Name} tower reads neither features (FeatureSize is 0) nor an id embedding; it needs at least one.", parameter);
        if (ReadsFeatures && string.IsNullOrWhiteSpace(FeaturesColumnName))
            throw new ArgumentException(
                $"The {Name} tower reads {Weights.FeatureSize} features but no {Name} feature column name was given.", parameter);
        if (Weights.IdEmbedding is { } ids && (ids.Rows != KeyCount + 1 || ids.Table.Length != ids.Rows * ids.Dimension))
            throw new ArgumentException(
                $"The {Name} id table must have the key count plus one ({KeyCount + 1}) rows, row 0 serving missing keys, " +
                $"and Rows × Dimension values; it has {ids.Rows} rows of {ids.Dimension} and {ids.Table.Length} values.", parameter);
        if (Weights.Layers.Count == 0)
            throw new ArgumentException($"The {Name} tower has no layers; it needs at least one to produce an embedding.", parameter);
        if (Weights.Head is { } head && (head.InputSize != Weights.HeadInputSize || head.Weight.Length != head.InputSize * head.OutputSize
                || head.Bias.Length != head.OutputSize))
            throw new ArgumentException(
                $"The {Name} tower's head must read the last layer's {Weights.HeadInputSize} inputs and hold Input × Output " +
                $"weights; it reads {head.InputSize} with {head.Weight.Length} weights for {head.OutputSize} outputs.", parameter);
        if (Weights.KeyPrior is { } prior && (Weights.IdEmbedding is null || prior.Length != Weights.IdEmbedding.Rows))
            throw new ArgumentException(
                $"The {Name} tower's key prior is read through its id table's key, so it needs an id table and one value per " +
                $"row ({Weights.IdEmbedding?.Rows ?? 0}); it has {prior.Length} values{(Weights.IdEmbedding is null ? " and no id table" : "")}.", parameter);
        foreach (var augmentation in new[] { Weights.RetrievalAugmentation, Weights.RankingAugmentation }.OfType<EmbeddingAugmentation>())
        {
            var expected = Weights.Head is null || augmentation.ExtraWeight.Length == 0 ? 0 : Weights.Head.OutputSize * augmentation.ExtraSize;
            if (augmentation.ExtraWeight.Length != expected)
                throw new ArgumentException(
                    $"The {Name} tower's output augmentation needs {expected} extra weights (head outputs × extra coordinates, " +
                    $"or none); it has {augmentation.ExtraWeight.Length}.", parameter);
            if (augmentation.PriorWeight.Length is not 0 && augmentation.PriorWeight.Length != augmentation.ExtraSize)
                throw new ArgumentException(
                    $"The {Name} tower's output augmentation needs one prior weight per extra coordinate ({augmentation.ExtraSize}, " +
                    $"or none); it has {augmentation.PriorWeight.Length}.", parameter);
        }
        if (Weights.RankingAugmentation is { } rankingVector && rankingVector.ExtraSize != (Weights.RetrievalAugmentation?.ExtraSize ?? 0))
            throw new ArgumentException(
                $"The {Name} tower's ranking vector must be as wide as its embedding; it appends {rankingVector.ExtraSize} " +
                $"coordinates, the embedding {Weights.RetrievalAugmentation?.ExtraSize ?? 0}.", parameter);
        var expectedInput = Weights.InputSize;
        foreach (var layer in Weights.Layers)
        {
            if (layer.InputSize != expectedInput || layer.Weight.Length != layer.InputSize * layer.OutputSize
                || layer.Bias.Length != layer.OutputSize)
                throw new ArgumentException(
                    $"The {Name} tower's layers do not chain: a layer expects {layer.InputSize} inputs and " +
                    $"{layer.InputSize * layer.OutputSize} weights, but receives {expectedInput} inputs and has " +
                    $"{layer.Weight.Length} weights and {layer.Bias.Length} biases for {layer.OutputSize} outputs.", parameter);
            if (layer.BatchNorm is { } norm && new[] { norm.Scale, norm.Shift, norm.RunningMean, norm.RunningVariance }
                    .Any(values => values.Length != layer.OutputSize))
                throw new ArgumentException(
                    $"The {Name} tower's batch normalisation after a {layer.OutputSize}-wide layer needs " +
                    $"{layer.OutputSize} values in each of Scale, Shift, RunningMean and RunningVariance.", parameter);
            expectedInput = layer.OutputSize;
        }
    }

    /// <summary>
    /// Checks that <paramref name="schema"/> has the columns this tower reads, with the types it was trained on,
    /// and throws an <see cref="ArgumentException"/> naming the column, what was expected and what was found.
    /// </summary>
    public void CheckInput(DataViewSchema schema)
    {
        if (ReadsFeatures)
        {
            var expected = new VectorDataViewType(NumberDataViewType.Single, Weights.FeatureSize);
            var column = Find(schema, FeaturesColumnName!, $"a {expected} of {Name} features",
                $"Build it with the same featurisation as at training time (e.g. Concatenate) before the model.");
            if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType n, Size: var size }
                || n != NumberDataViewType.Single || size != Weights.FeatureSize)
                throw new ArgumentException(
                    $"Column '{FeaturesColumnName}' must be a {expected} (the {Name} feature width the model was trained " +
                    $"on); found {column.Type}. Build the {Name} features exactly as at training time.", "inputSchema");
        }
        if (ReadsId)
        {
            var column = Find(schema, IdColumnName, $"a key of {KeyCount} {Name} ids",
                "Map the raw ids with MapValueToKey, using the mapping fitted on the training data (it is saved with the model).");
            if (column.Type is not KeyDataViewType key || key.Count != (ulong)KeyCount)
                throw new ArgumentException(
                    $"Column '{IdColumnName}' must be a key of {KeyCount} {Name} ids (the key type the model was trained " +
                    $"on); found {column.Type}{(column.Type is KeyDataViewType k ? $" with {k.Count} ids" : "")}. " +
                    "Map the raw ids with the MapValueToKey transformer fitted on the training data, not a new one.",
                    "inputSchema");
        }
    }

    private DataViewSchema.Column Find(DataViewSchema schema, string name, string expected, string fix) =>
        schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"Column '{name}' is missing from the input: the {Name} tower reads {expected} from it. Columns found: " +
            $"{string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}. {fix}", "inputSchema");
}
