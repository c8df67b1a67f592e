using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Training.MLNetInput;

/// <summary>Reads a key column of any raw type (Byte, UInt16, UInt32, UInt64) as a <see cref="ulong"/>.</summary>
internal static class KeyReader
{
    public static Func<ulong> Create(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var rawType = column.Type.RawType;
        if (rawType == typeof(uint))
            return Read<uint>(cursor, column, v => v);
        if (rawType == typeof(ulong))
            return Read<ulong>(cursor, column, v => v);
        if (rawType == typeof(ushort))
            return Read<ushort>(cursor, column, v => v);
        if (rawType == typeof(byte))
            return Read<byte>(cursor, column, v => v);
        throw new ArgumentOutOfRangeException(nameof(column),
            $"Column '{column.Name}' has key type over {rawType.Name}; expected Byte, UInt16, UInt32 or UInt64.");
    }

    private static Func<ulong> Read<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, ulong> widen)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            return widen(value);
        };
    }
}
