using Microsoft.ML.Data;

namespace MLNet.TwoTower.Text.Mappings;

/// The three BERT inputs of one sentence, padded to a fixed length (OnnxTransformer needs fixed-size vectors).
internal interface ITokenRow
{
    long[] InputIds { get; set; }
    long[] AttentionMask { get; set; }
    long[] TokenTypeIds { get; set; }
}

internal sealed class TokenRow64 : ITokenRow
{
    [ColumnName(MappingColumns.InputIds), VectorType(64)] public long[] InputIds { get; set; } = [];
    [ColumnName(MappingColumns.AttentionMask), VectorType(64)] public long[] AttentionMask { get; set; } = [];
    [ColumnName(MappingColumns.TokenTypeIds), VectorType(64)] public long[] TokenTypeIds { get; set; } = [];
}

internal sealed class TokenRow128 : ITokenRow
{
    [ColumnName(MappingColumns.InputIds), VectorType(128)] public long[] InputIds { get; set; } = [];
    [ColumnName(MappingColumns.AttentionMask), VectorType(128)] public long[] AttentionMask { get; set; } = [];
    [ColumnName(MappingColumns.TokenTypeIds), VectorType(128)] public long[] TokenTypeIds { get; set; } = [];
}

internal sealed class TokenRow256 : ITokenRow
{
    [ColumnName(MappingColumns.InputIds), VectorType(256)] public long[] InputIds { get; set; } = [];
    [ColumnName(MappingColumns.AttentionMask), VectorType(256)] public long[] AttentionMask { get; set; } = [];
    [ColumnName(MappingColumns.TokenTypeIds), VectorType(256)] public long[] TokenTypeIds { get; set; } = [];
}
