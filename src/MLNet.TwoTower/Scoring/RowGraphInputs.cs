using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// The input buffers of one <see cref="RowGraph"/> for one cursor: one array per declared input, wrapped once in an
/// <see cref="OrtValue"/> of the batch-1 shape, and filled from the current row's columns of the same names (as
/// ML.NET's <c>OnnxTransformer</c> maps them). <see cref="Bytes"/> holds every input's exact bits, the cache key.
/// </summary>
internal sealed class RowGraphInputs : IDisposable
{
    private readonly Action[] _fill;
    private readonly Array[] _buffers;
    private readonly OrtValue[] _values;
    private readonly byte[] _bytes;

    private RowGraphInputs(Action[] fill, Array[] buffers, OrtValue[] values, int byteCount)
    {
        _fill = fill;
        _buffers = buffers;
        _values = values;
        _bytes = new byte[byteCount];
    }

    /// <summary>The <see cref="OrtValue"/>s over the buffers, in the graph's input order.</summary>
    public IReadOnlyCollection<OrtValue> Values => _values;

    /// <summary>The buffers behind <see cref="Values"/>, in the graph's input order (valid after <see cref="Fill"/>).</summary>
    public IReadOnlyList<Array> Buffers => _buffers;

    /// <summary>Every input's bits, concatenated (valid after <see cref="Fill"/>).</summary>
    public byte[] Bytes => _bytes;

    /// <summary>Whether every input of <paramref name="graph"/> is a column of <paramref name="schema"/> this class can read.</summary>
    public static bool CanRead(RowGraph graph, DataViewSchema schema) =>
        graph.Inputs.All(input => schema.GetColumnOrNull(input.Name) is { } column && Reads(input, column.Type));

    /// <summary>The input columns of <paramref name="graph"/> in <paramref name="schema"/>.</summary>
    public static IEnumerable<DataViewSchema.Column> Columns(RowGraph graph, DataViewSchema schema) =>
        graph.Inputs.Select(input => schema[input.Name]);

    /// <summary>Buffers for <paramref name="graph"/>, filled from <paramref name="row"/> (check <see cref="CanRead"/> first).</summary>
    public static RowGraphInputs Create(RowGraph graph, DataViewRow row)
    {
        var fill = new Action[graph.Inputs.Count];
        var buffers = new Array[graph.Inputs.Count];
        var values = new OrtValue[graph.Inputs.Count];
        var byteCount = 0;
        for (var i = 0; i < graph.Inputs.Count; i++)
        {
            var input = graph.Inputs[i];
            var column = row.Schema[input.Name];
            if (input.ElementType == typeof(float))
            {
                var buffer = new float[input.Length];
                values[i] = OrtValue.CreateTensorValueFromMemory(buffer, input.Shape);
                buffers[i] = buffer;
                fill[i] = column.Type is VectorDataViewType ? FillVector(row, column, buffer) : FillScalar(row, column, buffer);
                byteCount += buffer.Length * sizeof(float);
            }
            else if (input.ElementType == typeof(ulong))
            {
                var buffer = new ulong[1];
                values[i] = OrtValue.CreateTensorValueFromMemory(buffer, input.Shape);
                buffers[i] = buffer;
                fill[i] = FillScalar(row, column, buffer);
                byteCount += sizeof(ulong);
            }
            else
            {
                var buffer = new long[1];
                values[i] = OrtValue.CreateTensorValueFromMemory(buffer, input.Shape);
                buffers[i] = buffer;
                fill[i] = FillScalar(row, column, buffer);
                byteCount += sizeof(long);
            }
        }
        return new RowGraphInputs(fill, buffers, values, byteCount);
    }

    /// <summary>Reads the current row's values into the buffers and, <paramref name="withBits"/>, their bits into <see cref="Bytes"/>.</summary>
    public void Fill(bool withBits)
    {
        var offset = 0;
        for (var i = 0; i < _fill.Length; i++)
        {
            _fill[i]();
            if (!withBits)
                continue;
            var bytes = Bits(_buffers[i]);
            bytes.CopyTo(_bytes.AsSpan(offset));
            offset += bytes.Length;
        }
    }

    public void Dispose()
    {
        foreach (var value in _values)
            value.Dispose();
    }

    private static ReadOnlySpan<byte> Bits(Array buffer) => buffer switch
    {
        float[] floats => MemoryMarshal.AsBytes(floats.AsSpan()),
        ulong[] unsigned => MemoryMarshal.AsBytes(unsigned.AsSpan()),
        _ => MemoryMarshal.AsBytes(((long[])buffer).AsSpan()),
    };

    private static bool Reads(RowGraphInput input, DataViewType type) => input.ElementType switch
    {
        var t when t == typeof(float) => type switch
        {
            VectorDataViewType { ItemType: var item, Size: var size } => item == NumberDataViewType.Single && size == input.Length,
            _ => type == NumberDataViewType.Single && input.Length == 1,
        },
        // A key converted to UInt64 stays a key type; OnnxTransformer hands the graph its raw value, as here.
        var t when t == typeof(ulong) => type.RawType == typeof(ulong) && type is NumberDataViewType or KeyDataViewType
            && input.Length == 1,
        var t when t == typeof(long) => type == NumberDataViewType.Int64 && input.Length == 1,
        _ => false,
    };

    private static Action FillVector(DataViewRow row, DataViewSchema.Column column, float[] buffer)
    {
        var getter = row.GetGetter<VBuffer<float>>(column);
        var value = default(VBuffer<float>);
        return () =>
        {
            getter(ref value);
            value.CopyTo(buffer); // densifies a sparse vector, as OnnxTransformer does
        };
    }

    private static Action FillScalar<T>(DataViewRow row, DataViewSchema.Column column, T[] buffer)
    {
        var getter = row.GetGetter<T>(column);
        return () => getter(ref buffer[0]);
    }
}
