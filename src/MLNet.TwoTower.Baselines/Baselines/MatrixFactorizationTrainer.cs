using MLNet.TwoTower.Schema;
using MLNet.TwoTower.MLNetInput;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.TwoTower.Persistence;

namespace MLNet.TwoTower.Baselines;

/// <summary>
/// Matrix factorization for recommendation: a re-creation of ML.NET's <c>MatrixFactorizationTrainer</c>
/// (Microsoft.ML.Recommender, LIBMF) with the same options and defaults, plus optional biases, factor output columns
/// and a configurable fallback for unseen keys. Inputs: a key-typed user (matrix row) column, a key-typed item
/// (matrix column) column and a Single/Double label. Output: <c>Score</c>, NaN for unseen keys by default.
/// Create it with <c>ml.Ranking.Trainers.MatrixFactorization(...)</c>.
/// </summary>
public sealed partial class MatrixFactorizationTrainer : IEstimator<MatrixFactorizationTransformer>
{
    private readonly IHostEnvironment _environment;
    private readonly MLContext _ml;
    private readonly int _seed;
    private readonly Options _options;

    internal MatrixFactorizationTrainer(IHostEnvironment environment, Options options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _environment = environment;
        _ml = CatalogContext.PrivateContext(environment, nameof(MatrixFactorizationTrainer), out _seed);
        _options = options;
    }

    /// <summary>Reports every invalid option in one message.</summary>
    internal static void Validate(Options options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.MatrixRowIndexColumnName))
            problems.Add("MatrixRowIndexColumnName must name the user key column");
        if (string.IsNullOrWhiteSpace(options.MatrixColumnIndexColumnName))
            problems.Add("MatrixColumnIndexColumnName must name the item key column");
        if (string.IsNullOrWhiteSpace(options.LabelColumnName))
            problems.Add("LabelColumnName must name the rating column");
        if (options.ApproximationRank <= 0)
            problems.Add($"ApproximationRank must be positive (got {options.ApproximationRank})");
        if (options.NumberOfIterations <= 0)
            problems.Add($"NumberOfIterations must be positive (got {options.NumberOfIterations})");
        if (!(options.Lambda > 0) || double.IsInfinity(options.Lambda))
            problems.Add($"Lambda must be positive and finite (got {options.Lambda})");
        if (!(options.LearningRate > 0) || double.IsInfinity(options.LearningRate))
            problems.Add($"LearningRate must be positive and finite (got {options.LearningRate})");
        if (!(options.Alpha > 0) || double.IsInfinity(options.Alpha))
            problems.Add($"Alpha must be positive and finite (got {options.Alpha})");
        if (!double.IsFinite(options.C))
            problems.Add($"C must be finite (got {options.C})");
        if (options.NumberOfThreads is <= 0)
            problems.Add($"NumberOfThreads must be positive when set (got {options.NumberOfThreads})");
        if (!Enum.IsDefined(options.LossFunction))
            problems.Add($"LossFunction must be SquareLossRegression or SquareLossOneClass (got {(int)options.LossFunction})");
        if (!Enum.IsDefined(options.UnseenKeyFallback))
            problems.Add($"UnseenKeyFallback must be NaN, Zeros or MeanFactors (got {(int)options.UnseenKeyFallback})");
        if (options.UseBiases && options.LossFunction == LossFunctionType.SquareLossOneClass)
            problems.Add("UseBiases works with SquareLossRegression only; one-class factorization has no biases");
        if (!string.IsNullOrEmpty(options.UserFactorsColumnName) && options.UserFactorsColumnName == options.ItemFactorsColumnName)
            problems.Add($"UserFactorsColumnName and ItemFactorsColumnName must differ (both '{options.UserFactorsColumnName}')");
        if (problems.Count > 0)
            throw new ArgumentException("Invalid MatrixFactorizationTrainer options: " + string.Join("; ", problems) + ".", nameof(options));
    }

    /// <summary>Trains on <paramref name="input"/>; rows with a missing key or a NaN label are skipped.</summary>
    /// <exception cref="OperationCanceledException"><c>ml.CancelExecution()</c> was called; the solver stops at the
    /// start of its next iteration.</exception>
    public MatrixFactorizationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        string userColumn = _options.MatrixRowIndexColumnName!, itemColumn = _options.MatrixColumnIndexColumnName!;
        ColumnReader.CheckKey(input.Schema, userColumn, nameof(Options.MatrixRowIndexColumnName));
        ColumnReader.CheckKey(input.Schema, itemColumn, nameof(Options.MatrixColumnIndexColumnName));
        ColumnReader.CheckLabel(input.Schema, _options.LabelColumnName, nameof(Options.LabelColumnName));

        var data = ColumnReader.ReadTriples(input, userColumn, itemColumn, _options.LabelColumnName);
        if (data.Count == 0)
            throw new ArgumentException(
                $"The training data has no usable rows: all {data.SkippedRows} rows have a missing key in '{userColumn}' or '{itemColumn}' or a NaN label in '{_options.LabelColumnName}'.",
                nameof(input));

        var settings = new MatrixFactorizationSolverSettings(
            _options.ApproximationRank, _options.NumberOfIterations, (float)_options.LearningRate, (float)_options.Lambda,
            (float)_options.Alpha, (float)_options.C, _options.NonNegative, _options.UseBiases,
            _options.NumberOfThreads ?? Environment.ProcessorCount, _options.Seed ?? _seed, _options.Quiet);
        var log = _options.Quiet ? null : Console.Out;
        var cancellation = new TrainingCancellation(CancellationToken.None, _environment);
        var factors = _options.LossFunction == LossFunctionType.SquareLossOneClass
            ? OneClassCoordinateDescentSolver.Train(data, settings, log, cancellation)
            : SgdMatrixFactorizationSolver.Train(data, settings, log, cancellation);

        var model = new MatrixFactorizationModelParameters(factors, _options.UnseenKeyFallback);
        return CreateTransformer(_ml, input, model, userColumn, itemColumn, _options.UserFactorsColumnName, _options.ItemFactorsColumnName);
    }

    internal static MatrixFactorizationTransformer CreateTransformer(MLContext ml, IDataView schemaSource,
        MatrixFactorizationModelParameters model, string userColumn, string itemColumn, string? userFactors, string? itemFactors)
    {
        var extra = new[] { userFactors, itemFactors }.Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToArray();
        // No rows are read when the chain is fitted; an empty view keeps the schema without holding the training data.
        var schemaOnly = new EmptyDataView(schemaSource.Schema);
        var scorer = KeyedChainScorer.Create(
            () => LookupScoringChain.Build(ml, schemaOnly, [(userColumn, "User"), (itemColumn, "Item")],
                MatrixFactorizationOnnxGraph.Build(model, userFactors, itemFactors), extra),
            [(userColumn, model.NumberOfUsers, nameof(Options.MatrixRowIndexColumnName)), (itemColumn, model.NumberOfItems, nameof(Options.MatrixColumnIndexColumnName))]);
        return new MatrixFactorizationTransformer(model, scorer, userColumn, itemColumn);
    }

    /// <summary>Adds <c>Score</c> and the factor columns to the input shape; checks the input columns first.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        string userColumn = _options.MatrixRowIndexColumnName!, itemColumn = _options.MatrixColumnIndexColumnName!;
        CheckKeyShape(inputSchema, userColumn, nameof(Options.MatrixRowIndexColumnName));
        CheckKeyShape(inputSchema, itemColumn, nameof(Options.MatrixColumnIndexColumnName));
        // A one-user, one-item model of the same rank has the same output columns as the trained one.
        int k = _options.ApproximationRank;
        var placeholder = new MatrixFactorizationModelParameters(new FactorModel
        {
            Rank = k, UserFactors = new float[k], ItemFactors = new float[k], UserCounts = [1], ItemCounts = [1],
            UserBiases = _options.UseBiases ? [0f] : null, ItemBiases = _options.UseBiases ? [0f] : null,
            TrainingLossPerIteration = [],
        }, _options.UnseenKeyFallback);
        var onnx = MatrixFactorizationOnnxGraph.Build(placeholder, _options.UserFactorsColumnName, _options.ItemFactorsColumnName);
        var extra = new[] { _options.UserFactorsColumnName, _options.ItemFactorsColumnName }.Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToArray();
        return LookupScoringChain.CreateEstimator(_ml, [(userColumn, "User"), (itemColumn, "Item")], onnx, extra).GetOutputSchema(inputSchema);
    }

    internal static void CheckKeyShape(SchemaShape shape, string column, string optionName)
    {
        var matches = shape.Where(c => c.Name == column).ToList();
        if (matches.Count == 0)
            throw new ArgumentException($"Column '{column}' ({optionName}) was not found in the input schema.", nameof(shape));
        var found = matches[0];
        if (!found.IsKey || found.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentException($"Column '{column}' ({optionName}) must be a scalar key type; got {found.ItemType} ({found.Kind}). Add ml.Transforms.Conversion.MapValueToKey first.", nameof(shape));
    }

}
