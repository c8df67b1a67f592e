namespace MLNet.TwoTower.Datasets.Csv;

/// <summary>
/// A dataset file that cannot be read as declared: malformed CSV, a wrong field count, a value of the wrong type,
/// duplicate or unknown ids, an empty file or text that is not UTF-8. <see cref="Exception.Message"/> names the file,
/// the line and column (both 1-based; 0 when the problem is not tied to one place), what was expected and what was found.
/// </summary>
public sealed class DatasetFormatException : FormatException
{
    /// <summary>Creates the exception for a problem at a known place in a file.</summary>
    /// <param name="filePath">The file being read.</param>
    /// <param name="line">1-based line number, 0 when the whole file is concerned.</param>
    /// <param name="column">1-based character column in that line, 0 when the whole line is concerned.</param>
    /// <param name="problem">What is wrong and how to fix it.</param>
    public DatasetFormatException(string filePath, int line, int column, string problem)
        : base(Describe(filePath, line, column, problem))
    {
        FilePath = filePath;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file being read.</summary>
    public string FilePath { get; }

    /// <summary>1-based line of the problem; 0 when the whole file is concerned.</summary>
    public int Line { get; }

    /// <summary>1-based character column of the problem; 0 when the whole line is concerned.</summary>
    public int Column { get; }

    /// <summary>The problem without the location.</summary>
    public string Problem { get; }

    private static string Describe(string filePath, int line, int column, string problem)
    {
        string where = line <= 0 ? filePath : column <= 0 ? $"{filePath}, line {line}" : $"{filePath}, line {line}, column {column}";
        return $"{where}: {problem}";
    }
}
