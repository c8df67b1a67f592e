namespace MLNet.TwoTower.Schema;

/// <summary>The validated input columns of a Two-Tower training run, with the sizes the schema declares.</summary>
internal sealed record TwoTowerInputColumns(
    string UserIdColumnName,
    int UserKeyCount,
    string ItemIdColumnName,
    int ItemKeyCount,
    string? UserFeaturesColumnName,
    int UserFeatureSize,
    string? ItemFeaturesColumnName,
    int ItemFeatureSize,
    string LabelColumnName,
    bool LabelIsBoolean);
