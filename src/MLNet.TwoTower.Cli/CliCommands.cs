using MLNet.TwoTower.Cli.Commands;

namespace MLNet.TwoTower.Cli;

/// <summary>
/// The commands of <c>twotower</c>. Every example runs as written (a test runs each one, on a smaller generated
/// dataset); they use <c>--text ngrams</c> because MiniLM embeddings take minutes on the full pseudo dataset.
/// </summary>
internal static class CliCommands
{
    public static IReadOnlyList<CliCommand> All { get; } =
    [
        new("compare", typeof(CompareCommand),
            "Run the reference experiment: Random, Popularity, MatrixFactorization, TwoTower, TwoTowerReference on warm users, cold-start users and the full catalogue; with --implicit, every interaction a positive, against one-class matrix factorization.",
            [
                ["compare", "--data", "pseudo", "--text", "ngrams", "--json", "results.json", "--charts", "charts"],
                ["compare", "--data", "pseudo", "--text", "ngrams", "--implicit", "--json", "implicit.json"],
            ],
            (config, name) => config.AddCommand<CompareCommand>(name)),
        new("train", typeof(TrainCommand),
            "Train the library-default Two-Tower model on all interactions and save it in a folder.",
            [["train", "--data", "pseudo", "--text", "ngrams", "--out", "model"]],
            (config, name) => config.AddCommand<TrainCommand>(name)),
        new("recommend", typeof(RecommendCommand),
            "Top-K items for a known user id, or for a new user described by profile fields (JSON).",
            [
                ["recommend", "--model", "model", "--user", "u0042"],
                ["recommend", "--model", "model", "--new-user", "{\"age\": 34, \"self_introduction\": \"I love hiking and jazz.\"}"],
            ],
            (config, name) => config.AddCommand<RecommendCommand>(name)),
        new("serve", typeof(ServeCommand),
            "Serve a trained package over HTTP: recommendations for known and new users, similar items, health and model metadata.",
            [["serve", "--model", "model", "--urls", "http://127.0.0.1:5080"]],
            (config, name) => config.AddCommand<ServeCommand>(name)),
        new("export-onnx", typeof(ExportOnnxCommand),
            "Write a trained model's user and item towers as standalone ONNX files.",
            [["export-onnx", "--model", "model", "--out", "onnx"]],
            (config, name) => config.AddCommand<ExportOnnxCommand>(name)),
    ];
}
