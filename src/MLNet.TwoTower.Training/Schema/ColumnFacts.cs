using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Schema;

/// <summary>
/// What the input checks need to know about one column, read either from a <see cref="DataViewSchema"/> (which knows
/// vector sizes and key counts) or from a <see cref="SchemaShape"/> (which does not), so both paths share one set of
/// rules and one set of messages.
/// </summary>
internal sealed record ColumnFacts(
    string Name,
    SchemaShape.Column.VectorKind Kind,
    DataViewType ItemType,
    bool IsKey,
    int? VectorSize,
    ulong? KeyCount)
{
    public static ColumnFacts From(DataViewSchema.Column column)
    {
        var type = column.Type;
        if (type is VectorDataViewType vector)
        {
            var kind = vector.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector;
            return new ColumnFacts(column.Name, kind, vector.ItemType, vector.ItemType is KeyDataViewType,
                vector.IsKnownSize ? vector.Size : null, null);
        }
        return new ColumnFacts(column.Name, SchemaShape.Column.VectorKind.Scalar, type, type is KeyDataViewType, null,
            (type as KeyDataViewType)?.Count);
    }

    public static ColumnFacts From(SchemaShape.Column column) =>
        new(column.Name, column.Kind, column.ItemType, column.IsKey, null, null);

    /// <summary>A readable type name: <c>String</c>, <c>Key&lt;UInt32&gt;</c>, <c>Vector&lt;Single&gt;</c> of variable size.</summary>
    public string Describe()
    {
        var item = IsKey ? $"Key<{ItemType.RawType.Name}>" : ItemType.ToString() ?? ItemType.RawType.Name;
        return Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => item,
            SchemaShape.Column.VectorKind.VariableVector => $"Vector<{item}> of variable size",
            _ => VectorSize is int size ? $"Vector<{item}, {size}>" : $"Vector<{item}>",
        };
    }
}
