namespace MLNet.TwoTower.Datasets.Model;

/// <summary>How a user or item feature column is read and featurised.</summary>
public enum FeatureKind
{
    /// <summary>A number (invariant culture, '.' decimal point); empty means missing. Featurised by normalisation.</summary>
    Numeric,

    /// <summary>One label out of a small set (occupation, region). Featurised by one-hot encoding.</summary>
    Categorical,

    /// <summary>Several labels separated by <c>|</c> (genres). Featurised by a one-hot bag.</summary>
    MultiCategorical,

    /// <summary>Free text (a self-introduction, a description). Featurised by sentence embeddings or n-grams.</summary>
    Text,
}
