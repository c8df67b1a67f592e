using System.Globalization;
using System.Text;
using MLNet.TwoTower.Datasets.Csv;
using MLNet.TwoTower.Datasets.Model;
using MLNet.TwoTower.IO;

namespace MLNet.TwoTower.Datasets.Folder;

/// <summary>
/// Reads and writes the dataset folder format: <c>interactions.csv</c> (required; header with <c>user_id</c>,
/// <c>item_id</c>, <c>rating</c> and optionally <c>timestamp</c>), optional <c>users.csv</c> and <c>items.csv</c>
/// (the id column plus feature columns), optional <c>schema.json</c> (the kind of each feature column; columns it does
/// not declare are inferred by <see cref="SchemaInference"/>) and optional <c>interactions.test.csv</c> (a warm test set).
/// Files are UTF-8 CSV (RFC 4180 quoting). Any problem raises <see cref="DatasetFormatException"/> naming the file,
/// line and column. Repeated (user, item) pairs in the interactions are kept as separate events.
/// </summary>
public static class DatasetFolder
{
    /// <summary>Loads a dataset folder.</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">interactions.csv is missing.</exception>
    /// <exception cref="DatasetFormatException">A file is malformed or the files disagree.</exception>
    public static RecommendationDataset Load(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Dataset folder '{folder}' does not exist.");
        }

        string schemaPath = Path.Combine(folder, DatasetFiles.Schema);
        DatasetSchema? declared = File.Exists(schemaPath) ? DatasetSchema.FromJson(CsvParser.DecodeStrict(File.ReadAllBytes(schemaPath), schemaPath), schemaPath) : null;

        string usersPath = Path.Combine(folder, DatasetFiles.Users);
        string itemsPath = Path.Combine(folder, DatasetFiles.Items);
        var users = File.Exists(usersPath) ? ReadEntities(usersPath, DatasetColumns.UserIdField, declared?.UserFeatures, DatasetFiles.Schema + " \"users\"") : null;
        var items = File.Exists(itemsPath) ? ReadEntities(itemsPath, DatasetColumns.ItemIdField, declared?.ItemFeatures, DatasetFiles.Schema + " \"items\"") : null;

        var interactions = InteractionCsv.Read(Path.Combine(folder, DatasetFiles.Interactions), users, items);
        string testPath = Path.Combine(folder, DatasetFiles.TestInteractions);
        var test = File.Exists(testPath) ? InteractionCsv.Read(testPath, users, items) : null;
        if (test is not null && test.HasTimestamps != interactions.HasTimestamps)
        {
            throw new DatasetFormatException(testPath, 1, 0,
                $"{DatasetFiles.TestInteractions} and {DatasetFiles.Interactions} must both have a '{DatasetColumns.TimestampField}' column or both lack it.");
        }

        return new RecommendationDataset(interactions, users, items, test);
    }

    /// <summary>
    /// Writes <paramref name="dataset"/> in the folder format (creating the folder). Each file is written atomically
    /// (temporary file, then rename), so a failed write leaves any previous file intact. Writes schema.json whenever
    /// there are feature tables, so loading back does not depend on inference.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="folder">Target folder.</param>
    public static void Save(RecommendationDataset dataset, string folder)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(Path.Combine(folder, DatasetFiles.Interactions), InteractionsCsv(dataset.Interactions, dataset.HasTimestamps));
        if (dataset.TestInteractions is { } test)
        {
            AtomicFile.WriteAllText(Path.Combine(folder, DatasetFiles.TestInteractions), InteractionsCsv(test, dataset.HasTimestamps));
        }

        if (dataset.Users is { } users)
        {
            AtomicFile.WriteAllText(Path.Combine(folder, DatasetFiles.Users), EntitiesCsv(users, DatasetColumns.UserIdField));
        }

        if (dataset.Items is { } items)
        {
            AtomicFile.WriteAllText(Path.Combine(folder, DatasetFiles.Items), EntitiesCsv(items, DatasetColumns.ItemIdField));
        }

        if (dataset.Users is not null || dataset.Items is not null)
        {
            AtomicFile.WriteAllText(Path.Combine(folder, DatasetFiles.Schema), dataset.Schema.ToJson());
        }
    }

    private static EntityTable ReadEntities(string path, string idField, IReadOnlyDictionary<string, FeatureKind>? declared, string schemaSection)
    {
        var csv = CsvParser.ReadFile(path);
        int id = csv.RequireColumn(idField);
        if (csv.Records.Count == 0)
        {
            throw new DatasetFormatException(path, 1, 0, $"the file has a header but no rows; delete it or add one row per {idField}.");
        }

        var ids = new List<string>(csv.Records.Count);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in csv.Records)
        {
            string value = RequireId(csv, record, id);
            if (!firstLine.TryAdd(value, record.Line))
            {
                throw csv.Error(record, id, $"duplicate {idField} '{value}' (first on line {firstLine[value]}); each id must appear once.");
            }

            ids.Add(value);
        }

        if (declared is not null)
        {
            foreach (var name in declared.Keys)
            {
                if (csv.IndexOf(name) < 0 || name == idField)
                {
                    throw new DatasetFormatException(path, 1, 0,
                        $"{schemaSection} declares column '{name}', which the header lacks; found [{string.Join(", ", csv.Header)}].");
                }
            }
        }

        var columns = new List<FeatureColumn>();
        for (int c = 0; c < csv.Header.Length; c++)
        {
            if (c == id)
            {
                continue;
            }

            string name = csv.Header[c];
            var values = csv.Records.Select(r => r.Fields[c]).ToArray();
            var kind = declared is not null && declared.TryGetValue(name, out var k) ? k : SchemaInference.Infer(values);
            if (kind == FeatureKind.Numeric)
            {
                foreach (var record in csv.Records)
                {
                    if (!FeatureColumn.TryParseNumber(record.Fields[c], out float number))
                    {
                        throw csv.Error(record, c, $"column '{name}' is numeric, found '{record.Fields[c]}'. Fix the value or declare the column as categorical/text in {DatasetFiles.Schema}.");
                    }

                    // Empty reads as NaN (missing, replaced by the column mean); "NaN", "Infinity" or 1e999 written out would
                    // reach the model as a non-finite feature.
                    if (!float.IsFinite(number) && !string.IsNullOrWhiteSpace(record.Fields[c]))
                    {
                        throw csv.Error(record, c, $"column '{name}' must hold finite numbers; found '{record.Fields[c]}'. Leave the cell empty for a missing value, or fix it.");
                    }
                }
            }
            else if (kind == FeatureKind.Text && values.All(string.IsNullOrWhiteSpace))
            {
                throw new DatasetFormatException(path, 1, 0,
                    $"text column '{name}' is empty in every row, so there is nothing to featurise. Fill it in, or delete the column (and its entry in {DatasetFiles.Schema}).");
            }

            columns.Add(new FeatureColumn(name, kind, values));
        }

        return new EntityTable(ids, columns);
    }

    private static string RequireId(CsvDocument csv, CsvRecord record, int field)
    {
        string value = record.Fields[field].Trim();
        if (value.Length == 0)
        {
            throw csv.Error(record, field, $"'{csv.Header[field]}' is empty; every row needs an id.");
        }

        return value;
    }

    private static string InteractionsCsv(IReadOnlyList<Interaction> rows, bool timestamps)
    {
        var output = new StringBuilder(rows.Count * 32);
        var fields = new List<string> { DatasetColumns.UserIdField, DatasetColumns.ItemIdField, DatasetColumns.RatingField };
        if (timestamps)
        {
            fields.Add(DatasetColumns.TimestampField);
        }

        CsvWriter.AppendRecord(output, fields);
        foreach (var row in rows)
        {
            fields.Clear();
            fields.Add(row.UserId);
            fields.Add(row.ItemId);
            fields.Add(row.Rating.ToString("R", CultureInfo.InvariantCulture));
            if (timestamps)
            {
                fields.Add(row.Timestamp!.Value.ToString(CultureInfo.InvariantCulture));
            }

            CsvWriter.AppendRecord(output, fields);
        }

        return output.ToString();
    }

    private static string EntitiesCsv(EntityTable table, string idField)
    {
        var output = new StringBuilder(table.Count * 128);
        CsvWriter.AppendRecord(output, [idField, .. table.Columns.Select(c => c.Name)]);
        var fields = new string[table.Columns.Count + 1];
        for (int row = 0; row < table.Count; row++)
        {
            fields[0] = table.Ids[row];
            for (int c = 0; c < table.Columns.Count; c++)
            {
                fields[c + 1] = table.Columns[c].GetRaw(row);
            }

            CsvWriter.AppendRecord(output, fields);
        }

        return output.ToString();
    }
}
