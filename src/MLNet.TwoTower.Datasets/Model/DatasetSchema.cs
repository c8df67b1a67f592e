using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLNet.TwoTower.Datasets.Model;

/// <summary>
/// The kinds of the feature columns of users.csv and items.csv, as written in schema.json:
/// <code>{ "users": { "age": "numeric", "occupation": "categorical" }, "items": { "genres": "multi-categorical", "description": "text" } }</code>
/// Kinds are <c>numeric</c>, <c>categorical</c>, <c>multi-categorical</c> and <c>text</c>.
/// </summary>
public sealed class DatasetSchema
{
    /// <summary>Creates a schema.</summary>
    /// <param name="userFeatures">User feature column name to kind.</param>
    /// <param name="itemFeatures">Item feature column name to kind.</param>
    public DatasetSchema(IReadOnlyDictionary<string, FeatureKind> userFeatures, IReadOnlyDictionary<string, FeatureKind> itemFeatures)
    {
        UserFeatures = new Dictionary<string, FeatureKind>(userFeatures ?? throw new ArgumentNullException(nameof(userFeatures)), StringComparer.Ordinal);
        ItemFeatures = new Dictionary<string, FeatureKind>(itemFeatures ?? throw new ArgumentNullException(nameof(itemFeatures)), StringComparer.Ordinal);
    }

    /// <summary>User feature column name to kind.</summary>
    public IReadOnlyDictionary<string, FeatureKind> UserFeatures { get; }

    /// <summary>Item feature column name to kind.</summary>
    public IReadOnlyDictionary<string, FeatureKind> ItemFeatures { get; }

    /// <summary>The schema of the tables (kinds as the tables hold them).</summary>
    /// <param name="users">User table or null.</param>
    /// <param name="items">Item table or null.</param>
    /// <returns>The schema.</returns>
    public static DatasetSchema FromTables(EntityTable? users, EntityTable? items) => new(
        users?.Columns.ToDictionary(c => c.Name, c => c.Kind) ?? [],
        items?.Columns.ToDictionary(c => c.Name, c => c.Kind) ?? []);

    /// <summary>The schema as indented schema.json text.</summary>
    /// <returns>JSON text.</returns>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["users"] = ToJsonObject(UserFeatures),
            ["items"] = ToJsonObject(ItemFeatures),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Reads schema.json text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="path">File name for error messages.</param>
    /// <returns>The schema.</returns>
    /// <exception cref="Csv.DatasetFormatException">The JSON is malformed or names an unknown kind.</exception>
    public static DatasetSchema FromJson(string json, string path)
    {
        RejectDuplicateKeys(json, path);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new Csv.DatasetFormatException(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, $"malformed JSON: {e.Message}");
        }

        if (root is not JsonObject obj)
        {
            throw new Csv.DatasetFormatException(path, 0, 0, "expected a JSON object with \"users\" and/or \"items\" objects.");
        }

        foreach (var (key, _) in obj)
        {
            if (key is not ("users" or "items"))
            {
                throw new Csv.DatasetFormatException(path, 0, 0, $"unknown top-level key '{key}'; expected \"users\" and/or \"items\".");
            }
        }

        return new DatasetSchema(ReadKinds(obj["users"], "users", path), ReadKinds(obj["items"], "items", path));
    }

    /// <summary>
    /// A key written twice in one object: JSON parsers keep one of the two silently or fail with an internal message,
    /// so name the file, line, section and key here.
    /// </summary>
    private static void RejectDuplicateKeys(string json, string path)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var objects = new Stack<(HashSet<string> Keys, string Name)>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push((new HashSet<string>(StringComparer.Ordinal), property ?? ""));
                        property = null;
                        break;
                    case JsonTokenType.EndObject:
                        objects.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        property = reader.GetString()!;
                        var (keys, name) = objects.Peek();
                        if (!keys.Add(property))
                        {
                            int line = 1 + bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n');
                            throw new Csv.DatasetFormatException(path, line, 0, name.Length == 0
                                ? $"the key \"{property}\" appears twice; keep one."
                                : $"\"{name}\" declares column '{property}' twice; keep one entry per column.");
                        }

                        break;
                    default:
                        property = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the parse in FromJson reports it with its line and column.
        }
    }

    private static Dictionary<string, FeatureKind> ReadKinds(JsonNode? node, string section, string path)
    {
        var kinds = new Dictionary<string, FeatureKind>(StringComparer.Ordinal);
        if (node is null)
        {
            return kinds;
        }

        if (node is not JsonObject obj)
        {
            throw new Csv.DatasetFormatException(path, 0, 0, $"\"{section}\" must be an object of column name to kind.");
        }

        foreach (var (name, value) in obj)
        {
            string? text = value is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            if (text is null || !FeatureKindNames.TryParse(text, out var kind))
            {
                throw new Csv.DatasetFormatException(path, 0, 0,
                    $"{section}.{name}: unknown kind '{value?.ToJsonString()}'; expected \"numeric\", \"categorical\", \"multi-categorical\" or \"text\".");
            }

            kinds[name] = kind;
        }

        return kinds;
    }

    private static JsonObject ToJsonObject(IReadOnlyDictionary<string, FeatureKind> kinds)
    {
        var obj = new JsonObject();
        foreach (var (name, kind) in kinds)
        {
            obj[name] = FeatureKindNames.ToName(kind);
        }

        return obj;
    }
}
