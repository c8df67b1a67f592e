using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using MLNet.TwoTower.PostgreSql;
using MLNet.TwoTower.PostgreSql.Sink;
using MLNet.TwoTower.Serving.Http;
using MLNet.TwoTower.Serving.Package;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MLNet.TwoTower.Cli.Commands;

/// <summary>
/// <c>twotower recommend</c>: top-K items for a known user id, for a new user described in JSON, or for every user
/// written to a PostgreSQL table (<c>--all-users --to postgres:…</c>).
/// </summary>
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

        /// <summary>Every user, to a database.</summary>
        [CommandOption("--all-users")]
        [Description("Recommend for every user of the dataset and write the rows to --to (replacing the previous set atomically).")]
        public bool AllUsers { get; init; }

        /// <summary>Where --all-users writes.</summary>
        [CommandOption("--to <TARGET>")]
        [Description("With --all-users: postgres:<Npgsql connection string>, e.g. postgres:Host=localhost;Database=shop;Username=writer.")]
        public string? To { get; init; }

        /// <summary>The table --all-users replaces.</summary>
        [CommandOption("--table <TABLE>")]
        [Description("With --all-users: the table to replace (user_id, rank, item_id, score, model_version).")]
        [DefaultValue(PostgresRecommendationWriterDefaults.Table)]
        public string Table { get; init; } = PostgresRecommendationWriterDefaults.Table;

        /// <summary>How many items.</summary>
        [CommandOption("-k|--top <K>")]
        [Description("How many items to recommend.")]
        [DefaultValue(10)]
        public int K { get; init; } = 10;

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print the items as JSON ({\"version\", \"items\": [[{\"itemId\", \"score\"}]]}) instead of a table.")]
        public bool Json { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required.")
            : new[] { User is not null, NewUser is not null, AllUsers }.Count(given => given) != 1 ? ValidationResult.Error("Give exactly one of --user, --new-user and --all-users.")
            : AllUsers != (To is not null) ? ValidationResult.Error("--all-users and --to go together: --all-users --to postgres:<connection string>.")
            : To is not null && !PostgresDataSpec.IsPostgres(To) ? ValidationResult.Error($"--to must start with '{PostgresDataSpec.Prefix}'; got '{To}'.")
            : K <= 0 ? ValidationResult.Error("-k/--top must be at least 1.")
            : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var package = RecommendationPackage.Open(settings.Model);
        if (settings.AllUsers)
        {
            var written = AllUsersExport.Run(package, settings.K, settings.To!, settings.Table);
            console.MarkupLine($"wrote {written.Rows:N0} rows for {written.Users:N0} users to table [bold]{Markup.Escape(settings.Table)}[/] " +
                $"in {written.Elapsed.TotalSeconds:F1} s ({written.Users / written.Elapsed.TotalSeconds:N0} users/s)");
            return 0;
        }

        var items = settings.User is { } user
            ? package.RecommendForUser(user, settings.K)
            : package.RecommendForNewUser(ReadProfile(settings.NewUser!, package.Metadata.ProfileFields), settings.K);

        if (settings.Json)
        {
            var response = new RecommendationResponse(package.Version, settings.User, null,
                items.Select(i => new MLNet.TwoTower.Serving.Http.RecommendedItem(i.ItemId, i.Score)).ToArray());
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
