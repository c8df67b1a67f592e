using MLNet.TwoTower.Schema;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// The popularity floor: every user gets the same ranking, items ordered by their positive count (or mean rating).
/// Create it with <c>ml.Ranking.Trainers.Popularity(...)</c>.
/// </summary>
public sealed partial class PopularityTrainer : IEstimator<PopularityTransformer>
{
    private readonly MLContext _ml;
    private readonly Options _options;

    internal PopularityTrainer(IHostEnvironment environment, Options options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ItemIdColumnName))
            problems.Add("ItemIdColumnName must name the item key column");
        if (options.Scoring == PopularityScoring.MeanRating && string.IsNullOrWhiteSpace(options.LabelColumnName))
            problems.Add("MeanRating scoring needs LabelColumnName");
        if (!Enum.IsDefined(options.Scoring))
            problems.Add($"Scoring must be PositiveCount or MeanRating (got {(int)options.Scoring})");
        if (float.IsNaN(options.PositiveThreshold))
            problems.Add("PositiveThreshold must be a number");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid PopularityTrainer options: " + string.Join("; ", problems) + ".", nameof(options));
        _ml = CatalogContext.PrivateContext(environment, nameof(PopularityTrainer), out _);
        _options = options;
    }

    /// <summary>Counts (or averages) the training rows per item.</summary>
    public PopularityTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string itemColumn = _options.ItemIdColumnName!;
        int itemCount = ColumnReader.CheckKey(input.Schema, itemColumn, nameof(Options.ItemIdColumnName));
        string? labelColumn = string.IsNullOrEmpty(_options.LabelColumnName) ? null : _options.LabelColumnName;
        if (labelColumn is not null)
            ColumnReader.CheckLabel(input.Schema, labelColumn, nameof(Options.LabelColumnName));

        // Read items through the shared reader by pairing the item column with itself.
        var rows = ColumnReader.ReadTriples(input, itemColumn, itemColumn, labelColumn);
        var table = new float[itemCount + 1];
        if (_options.Scoring == PopularityScoring.PositiveCount)
        {
            for (int e = 0; e < rows.Count; e++)
                if (labelColumn is null || rows.Labels[e] >= _options.PositiveThreshold)
                    table[rows.Items[e] + 1]++;
        }
        else
        {
            var sums = new double[itemCount];
            var counts = new int[itemCount];
            double total = 0;
            for (int e = 0; e < rows.Count; e++)
            {
                sums[rows.Items[e]] += rows.Labels[e];
                counts[rows.Items[e]]++;
                total += rows.Labels[e];
            }
            float globalMean = rows.Count == 0 ? 0f : (float)(total / rows.Count);
            table[0] = globalMean;
            for (int i = 0; i < itemCount; i++)
                table[i + 1] = counts[i] == 0 ? globalMean : (float)(sums[i] / counts[i]);
        }
        return CreateTransformer(_ml, input, table, itemColumn);
    }

    internal static PopularityTransformer CreateTransformer(MLContext ml, IDataView schemaSource, float[] table, string itemColumn)
    {
        var schemaOnly = new EmptyDataView(schemaSource.Schema);
        var scorer = KeyedChainScorer.Create(() => LookupScoringChain.Build(ml, schemaOnly, [(itemColumn, "Item")], BuildGraph(table), []), [(itemColumn, table.Length - 1, nameof(Options.ItemIdColumnName))]);
        return new PopularityTransformer(table, scorer, itemColumn);
    }

    private static byte[] BuildGraph(float[] table)
    {
        var graph = new OnnxGraphBuilder("Popularity");
        var item = LookupScoringChain.KeyInput(graph, "Item");
        var row = LookupScoringChain.SafeIndex(graph, item, table.Length, "item");
        var scores = graph.AddInitializer("item_scores", table, table.Length);
        LookupScoringChain.Gather(graph, scores, row, ScoreFromVectorMapping.VectorColumnName);
        graph.AddOutput(ScoreFromVectorMapping.VectorColumnName, LookupScoringChain.Float);
        return graph.ToBytes("MLNet.TwoTower popularity: score = table[item key]");
    }

    /// <summary>Adds <c>Score</c> to the input shape.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        MatrixFactorizationTrainer.CheckKeyShape(inputSchema, _options.ItemIdColumnName!, nameof(Options.ItemIdColumnName));
        return LookupScoringChain.CreateEstimator(_ml, [(_options.ItemIdColumnName!, "Item")], BuildGraph([0f, 0f]), []).GetOutputSchema(inputSchema);
    }
}
