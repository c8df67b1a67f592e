using System.Text;

namespace MLNet.TwoTower.Datasets.Csv;

/// Writes RFC 4180 CSV (LF line ends, UTF-8 without BOM), quoting only fields that need it.
internal static class CsvWriter
{
    public static void AppendRecord(StringBuilder output, IReadOnlyList<string> fields)
    {
        for (int f = 0; f < fields.Count; f++)
        {
            if (f > 0)
            {
                output.Append(',');
            }

            AppendField(output, fields[f]);
        }

        output.Append('\n');
    }

    private static void AppendField(StringBuilder output, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            output.Append(field);
            return;
        }

        output.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
