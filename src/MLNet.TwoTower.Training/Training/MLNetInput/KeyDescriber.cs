using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Training.MLNetInput;

/// <summary>
/// Names a key value in error messages the way the user knows it: <c>key 7 (id 'u42')</c> when the column carries
/// MapValueToKey's <c>KeyValues</c> annotation, otherwise <c>key 7</c>.
/// </summary>
internal static class KeyDescriber
{
    public static Func<ulong, string> Create(DataViewSchema.Column column)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull("KeyValues");
        if (annotation?.Type is not VectorDataViewType { ItemType.RawType: var rawType })
            return key => $"key {key}";
        var method = typeof(KeyDescriber).GetMethod(nameof(FromValues), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(rawType);
        return (Func<ulong, string>)method.Invoke(null, [column])!;
    }

    private static Func<ulong, string> FromValues<T>(DataViewSchema.Column column)
    {
        var values = default(VBuffer<T>);
        column.GetKeyValues(ref values);
        var dense = values.DenseValues().ToArray();
        // Key k (1-based) is the (k−1)-th value of the dictionary.
        return key => key >= 1 && key <= (ulong)dense.Length ? $"key {key} (id '{dense[key - 1]}')" : $"key {key}";
    }
}
