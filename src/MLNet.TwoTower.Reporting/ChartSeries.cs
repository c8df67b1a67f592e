namespace MLNet.TwoTower.Reporting;

/// <summary>One named line of a chart: y against x.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">X values.</param>
/// <param name="Y">Y values, one per x.</param>
/// <param name="PointLabels">Optional text beside each point (the setting that produced it), one per x; null for none.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y,
    IReadOnlyList<string>? PointLabels = null);
