using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Retrieval;

/// <summary>Schema checks shared by everything that reads a key column and an embedding column.</summary>
internal static class EmbeddingColumns
{
    public static DataViewSchema.Column RequireKey(DataViewSchema schema, string name, string optionName)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException(
                $"Column '{name}' was not found after running the model; found: {ColumnList(schema)}. " +
                $"Set {optionName} to the key column, or add MapValueToKey to the pipeline.", optionName);
        if (column.Type is not KeyDataViewType { RawType: var raw } || raw != typeof(uint))
            throw new ArgumentException(
                $"Column '{name}' must be a UInt32 key type; got {column.Type}. Add MapValueToKey first.", optionName);
        return column;
    }

    public static DataViewSchema.Column RequireEmbedding(DataViewSchema schema, string name, string optionName)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException(
                $"Column '{name}' was not found after running the model; found: {ColumnList(schema)}. " +
                $"Pass a model that outputs the embedding, or set {optionName}.", optionName);
        if (column.Type is not VectorDataViewType { ItemType: var item } || item != NumberDataViewType.Single)
            throw new ArgumentException(
                $"Column '{name}' must be a vector of Single; got {column.Type}.", optionName);
        return column;
    }

    /// <summary>The vector's declared width, or 0 when the column is variable-length.</summary>
    public static int DeclaredWidth(DataViewSchema.Column embedding) => ((VectorDataViewType)embedding.Type).Size;

    /// <summary>Copies one embedding row into <paramref name="target"/>, checking width and finiteness.</summary>
    public static void CopyChecked(in VBuffer<float> source, Span<float> target, string column, long row)
    {
        if (source.Length != target.Length)
            throw new ArgumentException(
                $"Column '{column}' row {row}: embedding has width {source.Length}, expected {target.Length} " +
                "like the rows before it. Every embedding must have the same width.");
        source.CopyTo(target);
        for (int i = 0; i < target.Length; i++)
        {
            if (!float.IsFinite(target[i]))
                throw new ArgumentException(
                    $"Column '{column}' row {row}: embedding element {i} is {target[i]}. " +
                    "NaN or infinite embeddings cannot be searched; check the model's inputs for that row (missing features) or retrain.");
        }
    }

    private static string ColumnList(DataViewSchema schema) =>
        string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"));
}
