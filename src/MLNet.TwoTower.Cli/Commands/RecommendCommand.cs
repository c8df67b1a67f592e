using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using MLNet.TwoTower.Serving.Http;
using MLNet.TwoTower.Serving.Package;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary><c>twotower recommend</c>: top-K items from a package for a known user id or for a new user described in JSON.</summary>
public sealed class RecommendCommand(IAnsiConsole console) : Command<RecommendCommand.Settings>
{
    /// <summary>Options of <c>recommend</c>.</summary>
    public sealed class Settings : CliSettings
    {
        /// <summary>Package folder.</summary>
        [CommandOption("--model <DIR>")]
        [Description("Package folder written by 'twotower train' (it holds the data, featurisers and index it needs).")]
        public string Model { get; init; } = "";

        /// <summary>Known user.</summary>
        [CommandOption("--user <ID>")]
        [Description("A user id the model was trained with; items they interacted with are not recommended again.")]
        public string? User { get; init; }

        /// <summary>New user.</summary>
        [CommandOption("--new-user <JSON>")]
        [Description("A new user's profile as a JSON object (field → value, as in users.csv), or a path to such a file.")]
        public string? NewUser { get; init; }

        /// <summary>How many items.</summary>
        [CommandOption("-k|--top <K>")]
        [Description("How many items to recommend.")]
        [DefaultValue(10)]
        public int K { get; init; } = 10;

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print the items as JSON ({\"version\", \"items\": [{\"itemId\", \"score\"}]}) instead of a table.")]
        public bool Json { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required.")
            : (User is null) == (NewUser is null) ? ValidationResult.Error("Give exactly one of --user and --new-user.")
            : K <= 0 ? ValidationResult.Error("-k/--top must be at least 1.")
            : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var package = RecommendationPackage.Open(settings.Model);
        var items = settings.User is { } user
            ? package.RecommendForUser(user, settings.K)
            : package.RecommendForNewUser(ReadProfile(settings.NewUser!, package.Metadata.ProfileFields), settings.K);

        if (settings.Json)
        {
            var response = new RecommendationResponse(package.Version, settings.User, null,
                items.Select(i => new RecommendedItem(i.ItemId, i.Score)).ToArray());
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(response, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            return 0;
        }
        var table = new Table().AddColumns("rank", "item", "score");
        for (int i = 0; i < items.Count; i++)
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(items[i].ItemId),
                items[i].Score.ToString("F4", CultureInfo.InvariantCulture));
        console.Write(table);
        return 0;
    }

    private static Dictionary<string, string?> ReadProfile(string jsonOrPath, IReadOnlyList<ProfileField> fields)
    {
        var json = File.Exists(jsonOrPath) ? File.ReadAllText(jsonOrPath) : jsonOrPath;
        try
        {
            using var document = JsonDocument.Parse(json);
            return ProfileJson.Read(document.RootElement, fields);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--new-user is neither a file nor valid JSON: {e.Message}", e);
        }
    }
}
