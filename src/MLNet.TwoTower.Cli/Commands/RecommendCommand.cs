using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using MLNet.TwoTower.Experiments;
using MLNet.TwoTower.PostgreSql;
using MLNet.TwoTower.PostgreSql.Sink;
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
    public sealed class Settings : DataSettings
    {
        /// <summary>Model folder.</summary>
        [CommandOption("--model <DIR>")]
        [Description("Folder written by 'twotower train' (train it on the same --data).")]
        public string Model { get; init; } = "";

        /// <summary>Known user.</summary>
        [CommandOption("--user <ID>")]
        [Description("A user id from the dataset; items they rated are not recommended again.")]
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

        /// <inheritdoc />
        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model is required.")
            : new[] { User is not null, NewUser is not null, AllUsers }.Count(given => given) != 1 ? ValidationResult.Error("Give exactly one of --user, --new-user and --all-users.")
            : AllUsers != (To is not null) ? ValidationResult.Error("--all-users and --to go together: --all-users --to postgres:<connection string>.")
            : To is not null && !PostgresDataSpec.IsPostgres(To) ? ValidationResult.Error($"--to must start with '{PostgresDataSpec.Prefix}'; got '{To}'.")
            : K <= 0 ? ValidationResult.Error("--top must be at least 1.")
            : base.Validate();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var ml = new MLContext(settings.Seed);
        var data = DataLoading.LoadAndPrepare(console, ml, settings);
        using var service = RecommendationService.Open(ml, settings.Model, data);
        if (settings.AllUsers)
        {
            var written = AllUsersExport.Run(service, data.UserIds, settings.K, settings.To!, settings.Table, AllUsersExport.ModelVersion(settings.Model));
            console.MarkupLine($"wrote {written.Rows:N0} rows for {written.Users:N0} users to table [bold]{Markup.Escape(settings.Table)}[/] " +
                $"in {written.Elapsed.TotalSeconds:F1} s ({written.Users / written.Elapsed.TotalSeconds:N0} users/s)");
            return 0;
        }

        var items = settings.User is { } user
            ? service.ForUser(user, settings.K)
            : service.ForNewUser(ReadProfile(settings.NewUser!), settings.K);

        var table = new Table().AddColumns("rank", "item", "score");
        var itemTable = data.Dataset.Items;
        var title = itemTable?.GetColumnOrNull("title");
        if (title is not null)
            table.AddColumn("title");
        for (int i = 0; i < items.Count; i++)
        {
            var cells = new List<string> { (i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(items[i].ItemId),
                items[i].Score.ToString("F4", CultureInfo.InvariantCulture) };
            if (title is not null)
                cells.Add(Markup.Escape(title.GetRaw(itemTable!.IndexOf(items[i].ItemId)) ?? ""));
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        return 0;
    }

    private static Dictionary<string, string> ReadProfile(string jsonOrPath)
    {
        var json = File.Exists(jsonOrPath) ? File.ReadAllText(jsonOrPath) : jsonOrPath;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ArgumentException("--new-user must be a JSON object of profile fields, e.g. {\"age\": 31, \"self_introduction\": \"…\"}.");
            return document.RootElement.EnumerateObject().ToDictionary(
                p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--new-user is neither a file nor valid JSON: {e.Message}", e);
        }
    }
}
