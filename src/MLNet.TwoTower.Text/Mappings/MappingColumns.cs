namespace MLNet.TwoTower.Text.Mappings;

/// Column names of the intermediate columns. The token columns must carry the ONNX input names
/// because OnnxTransformer binds graph inputs to columns by name.
internal static class MappingColumns
{
    public const string Text = "__MiniLmText";
    public const string InputIds = MiniLmResources.InputIds;
    public const string AttentionMask = MiniLmResources.AttentionMask;
    public const string TokenTypeIds = MiniLmResources.TokenTypeIds;
    public const string LastHiddenState = MiniLmResources.LastHiddenState;
    public const string Embedding = "__MiniLmEmbedding";
}
