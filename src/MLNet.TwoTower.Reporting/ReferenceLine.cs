namespace MLNet.TwoTower.Reporting;

/// <summary>A dashed horizontal line across a chart: a baseline measured in the same run (exact search's rate).</summary>
/// <param name="Name">Legend text.</param>
/// <param name="Y">Height of the line, in data units.</param>
public sealed record ReferenceLine(string Name, double Y);
