using System.Globalization;
using Spectre.Console;

namespace MLNet.TwoTower.Reporting;

/// <summary>
/// A titled table of numbers: one row per model (or configuration), one column per metric. A null cell means the
/// row cannot produce that number (matrix factorization on cold-start users), shown as "n/a", never as 0.
/// </summary>
public sealed class ResultTable
{
    private readonly List<(string Name, double?[] Values)> _rows = new();

    /// <summary>Creates an empty table.</summary>
    public ResultTable(string title, string rowHeader, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        Title = title;
        RowHeader = rowHeader;
        Columns = columns.ToArray();
    }

    /// <summary>Caption printed above the table and used as the chart title.</summary>
    public string Title { get; }

    /// <summary>Header of the first column (what a row is: "model", "configuration").</summary>
    public string RowHeader { get; }

    /// <summary>Metric names, in column order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The rows in insertion order.</summary>
    public IReadOnlyList<(string Name, double?[] Values)> Rows => _rows;

    /// <summary>Adds a row; <paramref name="values"/> must have one entry per column.</summary>
    public ResultTable AddRow(string name, IReadOnlyList<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Columns.Count)
            throw new ArgumentException($"Row '{name}' has {values.Count} values but table '{Title}' has {Columns.Count} columns.", nameof(values));
        _rows.Add((name, values.ToArray()));
        return this;
    }

    /// <summary>Renders to the console; the best value of each column is bold.</summary>
    public void Write(IAnsiConsole? console = null, string format = "0.0000")
    {
        console ??= AnsiConsole.Console;
        var table = new Table { Title = new TableTitle(Markup.Escape(Title)) };
        table.AddColumn(Markup.Escape(RowHeader));
        foreach (var c in Columns)
            table.AddColumn(new TableColumn(Markup.Escape(c)).RightAligned());
        var best = Enumerable.Range(0, Columns.Count)
            .Select(c => _rows.Select(r => r.Values[c]).Where(v => v.HasValue).DefaultIfEmpty().Max())
            .ToArray();
        foreach (var (name, values) in _rows)
        {
            var cells = new List<string> { Markup.Escape(name) };
            for (int c = 0; c < values.Length; c++)
            {
                var text = values[c]?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a";
                cells.Add(values[c].HasValue && values[c] == best[c] && _rows.Count > 1 ? $"[bold]{text}[/]" : text);
            }
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
    }

    /// <summary>GitHub-flavoured Markdown, for READMEs and notes.</summary>
    public string ToMarkdown(string format = "0.000")
    {
        var lines = new List<string>
        {
            $"| {RowHeader} | {string.Join(" | ", Columns)} |",
            $"|---|{string.Concat(Enumerable.Repeat("---|", Columns.Count))}",
        };
        foreach (var (name, values) in _rows)
            lines.Add($"| {name} | {string.Join(" | ", values.Select(v => v?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a"))} |");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Writes the table as a grouped bar chart (groups = columns, bars = rows).</summary>
    public void WriteBarChart(string path, string yLabel = "value")
    {
        Charts.WriteGroupedBarChart(path, Title, yLabel, Columns,
            _rows.Select(r => (r.Name, (IReadOnlyList<double?>)r.Values)).ToList());
    }
}
