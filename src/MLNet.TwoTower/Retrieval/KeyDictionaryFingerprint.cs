using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// Reads the original values behind an item key column and fingerprints the key dictionary, so that an index saved
/// with one model is refused by a model whose item keys mean different items.
/// </summary>
internal static class KeyDictionaryFingerprint
{
    private const string KeyValuesKind = "KeyValues";

    /// <summary>The key column's values as text (index <c>key − 1</c>), or null when it carries no KeyValues annotation.</summary>
    public static string[]? ReadKeyValues(DataViewSchema.Column column)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull(KeyValuesKind);
        if (annotation is null || annotation.Value.Type is not VectorDataViewType vectorType)
            return null;
        var read = typeof(KeyDictionaryFingerprint)
            .GetMethod(nameof(ReadAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(vectorType.ItemType.RawType);
        return (string[])read.Invoke(null, [column])!;
    }

    private static string[] ReadAs<T>(DataViewSchema.Column column)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue(KeyValuesKind, ref values);
        var dense = values.DenseValues().ToArray();
        var text = new string[dense.Length];
        for (int i = 0; i < dense.Length; i++)
            text[i] = dense[i]?.ToString() ?? string.Empty;
        return text;
    }

    /// <summary>
    /// 64-bit FNV-1a of the key count and every key value (length-prefixed UTF-8) in key order; with no key values,
    /// of the key count alone. Stable across processes and platforms, unlike <see cref="string.GetHashCode()"/>.
    /// </summary>
    public static ulong Compute(DataViewSchema.Column keyColumn)
    {
        var keyType = (KeyDataViewType)keyColumn.Type;
        ulong hash = FnvOffset;
        hash = Append(hash, BitConverter.GetBytes(keyType.Count));
        var values = ReadKeyValues(keyColumn);
        if (values is not null)
        {
            foreach (var value in values)
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                hash = Append(hash, BitConverter.GetBytes(bytes.Length));
                hash = Append(hash, bytes);
            }
        }
        return hash;
    }

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private static ulong Append(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            hash = (hash ^ b) * FnvPrime;
        return hash;
    }
}
