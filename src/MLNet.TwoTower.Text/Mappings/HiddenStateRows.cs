using Microsoft.ML.Data;

namespace MLNet.TwoTower.Text.Mappings;

/// The ONNX output (shape [1, length, 384]) and the attention mask of one sentence: the inputs of mean pooling.
internal interface IHiddenStateRow
{
    float[] LastHiddenState { get; set; }
    long[] AttentionMask { get; set; }
}

internal sealed class HiddenStateRow64 : IHiddenStateRow
{
    [ColumnName(MappingColumns.LastHiddenState), VectorType(1, 64, SentenceEmbeddingDefaults.Dimension)] public float[] LastHiddenState { get; set; } = [];
    [ColumnName(MappingColumns.AttentionMask), VectorType(64)] public long[] AttentionMask { get; set; } = [];
}

internal sealed class HiddenStateRow128 : IHiddenStateRow
{
    [ColumnName(MappingColumns.LastHiddenState), VectorType(1, 128, SentenceEmbeddingDefaults.Dimension)] public float[] LastHiddenState { get; set; } = [];
    [ColumnName(MappingColumns.AttentionMask), VectorType(128)] public long[] AttentionMask { get; set; } = [];
}

internal sealed class HiddenStateRow256 : IHiddenStateRow
{
    [ColumnName(MappingColumns.LastHiddenState), VectorType(1, 256, SentenceEmbeddingDefaults.Dimension)] public float[] LastHiddenState { get; set; } = [];
    [ColumnName(MappingColumns.AttentionMask), VectorType(256)] public long[] AttentionMask { get; set; } = [];
}

/// Output of mean pooling: the unit-length sentence embedding.
internal sealed class EmbeddingRow
{
    [ColumnName(MappingColumns.Embedding), VectorType(SentenceEmbeddingDefaults.Dimension)] public float[] Embedding { get; set; } = [];
}
