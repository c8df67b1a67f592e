using System.ComponentModel;
using MLNet.TwoTower.Datasets.Features;
using MLNet.TwoTower.Datasets.Generation;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary>Options every command that reads a dataset shares.</summary>
public class DataSettings : CliSettings
{
    /// <summary>Dataset to use.</summary>
    [CommandOption("--data <DATA>")]
    [Description("pseudo (generated), movielens-small, a dataset folder (interactions.csv, users.csv, items.csv, schema.json), or postgres:<Npgsql connection string> (the same as tables).")]
    [DefaultValue("pseudo")]
    public string Data { get; init; } = "pseudo";

    /// <summary>Seed of the generated data, the splits and the trainers.</summary>
    [CommandOption("--seed <SEED>")]
    [Description("Seed for the generated dataset, the splits and every trainer.")]
    [DefaultValue(42)]
    public int Seed { get; init; } = 42;

    /// <summary>Text featuriser.</summary>
    [CommandOption("--text <KIND>")]
    [Description("Text features: minilm (all-MiniLM-L6-v2 sentence embeddings, shipped in a package) or ngrams (ML.NET FeaturizeText, fast).")]
    [DefaultValue("minilm")]
    public string Text { get; init; } = "minilm";

    /// <summary>Users of the generated dataset.</summary>
    [CommandOption("--users <N>")]
    [Description("Users in the generated dataset (pseudo only).")]
    public int? Users { get; init; }

    /// <summary>Items of the generated dataset.</summary>
    [CommandOption("--items <N>")]
    [Description("Items in the generated dataset (pseudo only).")]
    public int? Items { get; init; }

    /// <summary>Ratings of the generated dataset.</summary>
    [CommandOption("--ratings <N>")]
    [Description("Ratings in the generated dataset (pseudo only).")]
    public int? Ratings { get; init; }

    /// <inheritdoc />
    public override Spectre.Console.ValidationResult Validate()
    {
        if (Text is not ("minilm" or "ngrams"))
            return Spectre.Console.ValidationResult.Error($"--text must be 'minilm' or 'ngrams'; got '{Text}'.");
        if (Users <= 0 || Items <= 0 || Ratings <= 0)
            return Spectre.Console.ValidationResult.Error("--users, --items and --ratings must be positive.");
        return Spectre.Console.ValidationResult.Success();
    }

    internal PseudoDatasetOptions PseudoOptions()
    {
        var options = new PseudoDatasetOptions { Seed = Seed };
        if (Users is int users) options.UserCount = users;
        if (Items is int items) options.ItemCount = items;
        if (Ratings is int ratings) options.RatingCount = ratings;
        return options;
    }

    internal EntityFeaturizerOptions FeaturizerOptions() => new()
    {
        Text = Text == "ngrams" ? TextFeaturizer.NGrams : TextFeaturizer.SentenceEmbedding,
    };
}
