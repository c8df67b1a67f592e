using System.Globalization;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.Experiments.Ablation;

namespace MLNet.TwoTower.Ablation;

/// <summary>The command line of the ablation, checked up front so a typo fails before hours of training.</summary>
internal sealed class AblationArguments
{
    public const string Usage = """
        dotnet run -c Release --project eng/ablation/MLNet.TwoTower.Ablation -- [options]
          --data LIST        datasets: pseudo, movielens-small or folders (default: movielens-small,pseudo)
          --seeds LIST       seeds of splits and trainers (default: 42,43,44)
          --only LIST        run only these rows of the default ladder (names as printed; default: all)
          --variant SPEC     add a variant, name:Option=value;Option=value on top of the library defaults
                             (+mf adds the reference's MF behaviour features); repeatable
          --two-stage-variant SPEC  add a two-stage row, name:Option=value;… on top of the TwoStage defaults
                             (TwoStageTrainer.Options, e.g. RefitTowersOnAllData=false;FeatureGroups=Scores,ItemStatistics);
                             repeatable
          --no-ladder        run only the --variant and --two-stage-variant rows
          --baselines LIST   named baselines (default: MatrixFactorization,MatrixFactorizationItemBias; with
                             --implicit OneClassMatrixFactorization; 'none'); Oracle (pseudo only) adds the
                             generator's own probabilities, the ceiling no model trained on the data passes
          --implicit         implicit feedback: every interaction a positive, the implicit protocols (nDCG@10,
                             Precision@10, Recall@10, MAP@10 over the catalogue); the ladder defaults to the
                             library's TwoTower only (its earlier rows need ratings or MF features)
          --text KIND        ngrams (default, fast) or minilm (sentence embeddings, slower)
          --epochs N         Two-Tower epochs for every variant (default: each variant's own)
          --threads N        CPU threads per trainer (default: the trainers' own choice)
          --cold-users F     share of users held out for the cold-user protocol (default 0.1; 0 skips it)
          --cold-items F     share of items held out for the cold-item protocol (default 0.1; 0 skips it)
          --out DIR          output folder for ablation.md, <dataset>.json and <dataset>.png (default: artifacts/ablation)
          --verbose          print every training epoch
        """;

    public IReadOnlyList<string> Datasets { get; private init; } = [DatasetSource.MovieLensSmall, DatasetSource.Pseudo];
    public IReadOnlyList<int> Seeds { get; private init; } = [42, 43, 44];
    public IReadOnlyList<TwoTowerVariant> Variants { get; private init; } = AblationLadder.Default;
    public IReadOnlyList<TwoStageVariant> TwoStageVariants { get; private init; } = [];
    public IReadOnlyList<string> Baselines { get; private init; } = new AblationStudyOptions().Baselines;
    public TextFeaturizer Text { get; private init; } = TextFeaturizer.NGrams;
    public int? Epochs { get; private init; }
    public int? Threads { get; private init; }
    public double ColdUserFraction { get; private init; } = 0.1;
    public double ColdItemFraction { get; private init; } = 0.1;
    public string Output { get; private init; } = Path.Combine("artifacts", "ablation");
    public bool Verbose { get; private init; }
    public bool Implicit { get; private init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public static AblationArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var custom = new List<TwoTowerVariant>();
        var twoStage = new List<TwoStageVariant>();
        var flags = new HashSet<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name is "--no-ladder" or "--verbose" or "--implicit")
            {
                flags.Add(name);
                continue;
            }
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"'{name}' is not an option with a value.\n{Usage}");
            string value = args[++i];
            if (name == "--variant")
                custom.Add(TwoTowerVariantParser.Parse(value));
            else if (name == "--two-stage-variant")
                twoStage.Add(TwoStageVariantParser.Parse(value));
            else if (name is "--data" or "--seeds" or "--only" or "--baselines" or "--text" or "--epochs" or "--threads" or "--out" or "--cold-users" or "--cold-items")
                values[name] = value;
            else
                throw new ArgumentException($"Unknown option '{name}'.\n{Usage}");
        }

        bool implicitFeedback = flags.Contains("--implicit");
        IReadOnlyList<TwoTowerVariant> ladder = flags.Contains("--no-ladder") ? []
            : implicitFeedback && !values.ContainsKey("--only") ? AblationLadder.Default.Where(v => v.Name == ReferenceExperiment.TwoTower).ToArray()
            : AblationLadder.Default;
        if (values.TryGetValue("--only", out var only))
        {
            var names = List(only);
            var unknown = names.Except(AblationLadder.Default.Select(v => v.Name)).ToArray();
            if (unknown.Length > 0)
                throw new ArgumentException($"--only: {string.Join(", ", unknown)} not in the ladder ({string.Join(", ", AblationLadder.Default.Select(v => v.Name))}).");
            ladder = ladder.Where(v => names.Contains(v.Name)).ToArray();
        }
        var baselines = values.TryGetValue("--baselines", out var b) ? (b == "none" ? [] : List(b))
            : implicitFeedback ? [ReferenceExperiment.OneClassMatrixFactorization] : new AblationStudyOptions().Baselines;
        var badBaselines = baselines.Except(ReferenceExperiment.ModelNames).ToArray();
        if (badBaselines.Length > 0)
            throw new ArgumentException($"--baselines: unknown {string.Join(", ", badBaselines)}; choose from {string.Join(", ", ReferenceExperiment.ModelNames)}.");
        var datasets = values.TryGetValue("--data", out var data) ? List(data) : [DatasetSource.MovieLensSmall, DatasetSource.Pseudo];
        if (baselines.Contains(ReferenceExperiment.Oracle) && datasets.Any(d => !d.Equals(DatasetSource.Pseudo, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"--baselines {ReferenceExperiment.Oracle} ranks by the pseudo generator's ground truth: use it with --data {DatasetSource.Pseudo} only.");
        var variants = ladder.Concat(custom).ToArray();
        if (variants.Length == 0 && twoStage.Count == 0 && baselines.Count == 0)
            throw new ArgumentException("Nothing to run: no ladder rows, no --variant and no baselines.");

        return new AblationArguments
        {
            Datasets = datasets,
            Seeds = values.TryGetValue("--seeds", out var seeds) ? List(seeds).Select(s => Int("--seeds", s)).ToArray() : [42, 43, 44],
            Variants = variants,
            TwoStageVariants = twoStage,
            Baselines = baselines,
            Text = values.GetValueOrDefault("--text", "ngrams") switch
            {
                "ngrams" => TextFeaturizer.NGrams,
                "minilm" => TextFeaturizer.SentenceEmbedding,
                var other => throw new ArgumentException($"--text must be ngrams or minilm; got '{other}'."),
            },
            Epochs = values.TryGetValue("--epochs", out var e) ? Positive("--epochs", e) : null,
            Threads = values.TryGetValue("--threads", out var t) ? Positive("--threads", t) : null,
            ColdUserFraction = values.TryGetValue("--cold-users", out var cu) ? Fraction("--cold-users", cu) : 0.1,
            ColdItemFraction = values.TryGetValue("--cold-items", out var ci) ? Fraction("--cold-items", ci) : 0.1,
            Output = values.GetValueOrDefault("--out", Path.Combine("artifacts", "ablation")),
            Verbose = flags.Contains("--verbose"),
            Implicit = implicitFeedback,
        };
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Int(string option, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{option}: '{value}' is not an integer.");

    private static double Fraction(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && number < 1
            ? number
            : throw new ArgumentException($"{option} must be a number in [0, 1); got '{value}'.");

    private static int Positive(string option, string value) =>
        Int(option, value) is var number and > 0 ? number : throw new ArgumentException($"{option} must be at least 1; got {value}.");
}
