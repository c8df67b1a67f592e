namespace MLNet.TwoTower.Datasets.Model;

/// The spelling of each <see cref="FeatureKind"/> in schema.json.
internal static class FeatureKindNames
{
    public const string Numeric = "numeric";
    public const string Categorical = "categorical";
    public const string MultiCategorical = "multi-categorical";
    public const string Text = "text";

    public static string ToName(FeatureKind kind) => kind switch
    {
        FeatureKind.Numeric => Numeric,
        FeatureKind.Categorical => Categorical,
        FeatureKind.MultiCategorical => MultiCategorical,
        FeatureKind.Text => Text,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown feature kind."),
    };

    public static bool TryParse(string name, out FeatureKind kind)
    {
        switch (name)
        {
            case Numeric: kind = FeatureKind.Numeric; return true;
            case Categorical: kind = FeatureKind.Categorical; return true;
            case MultiCategorical: kind = FeatureKind.MultiCategorical; return true;
            case Text: kind = FeatureKind.Text; return true;
            default: kind = default; return false;
        }
    }
}
