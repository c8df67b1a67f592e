using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;

namespace MLNet.TwoTower.Scoring;

/// <summary>
/// Outputs of a row-wise graph (<see cref="RowwiseGraph"/>) computed <see cref="BatchSize"/> rows per ONNX Runtime
/// call. A cursor cannot look past its current row, so the inputs are read by a second cursor over the same input
/// (opened without shuffling, so it meets the rows in the same order) that runs ahead of the
/// consumer's cursor; rows the consumer skipped without reading an output are passed over, not computed.
/// </summary>
internal sealed class BatchedRowOutputs : RowOutputSource
{
    /// <summary>Rows per call: enough to amortise the call (a few µs) over sub-µs rows, small enough to stay in cache.</summary>
    public const int BatchSize = 256;

    private readonly RowGraph _graph;
    private readonly DataViewRowCursor _ahead;
    private readonly RowGraphInputs _row;
    private readonly string[] _outputNames;
    private readonly Array[] _batch;
    private readonly RunOptions _options = new();
    private float[][] _outputs = [];
    private readonly float[][] _current;
    private long _first = -1;
    private int _count;

    public BatchedRowOutputs(RowGraph graph, DataViewRowCursor ahead, string[] outputNames)
    {
        _graph = graph;
        _ahead = ahead;
        _row = RowGraphInputs.Create(graph, ahead);
        _outputNames = outputNames;
        _batch = [.. graph.Inputs.Select(input => Array.CreateInstance(input.ElementType, BatchSize * input.Length))];
        _current = new float[outputNames.Length][];
    }

    public override float[][] Outputs(long position)
    {
        if (position < _first || position >= _first + _count)
            Compute(position);
        var row = (int)(position - _first);
        for (var i = 0; i < _outputs.Length; i++)
        {
            var length = _outputs[i].Length / _count;
            if (_current[i]?.Length != length)
                _current[i] = new float[length];
            Array.Copy(_outputs[i], row * length, _current[i], 0, length);
        }
        return _current;
    }

    public override void Dispose()
    {
        _options.Dispose();
        _row.Dispose();
        _ahead.Dispose();
    }

    private void Compute(long position)
    {
        while (_ahead.Position < position - 1 && _ahead.MoveNext())
        {
        }
        _first = position;
        _count = 0;
        // A finished cursor reports position -1, so the first row's position is checked as it is read.
        var aligned = false;
        while (_count < BatchSize && _ahead.MoveNext())
        {
            if (_count == 0 && !(aligned = _ahead.Position == position))
                break;
            _row.Fill(withBits: false);
            for (var i = 0; i < _batch.Length; i++)
            {
                var length = _graph.Inputs[i].Length;
                Array.Copy(_row.Buffers[i], 0, _batch[i], _count * length, length);
            }
            _count++;
        }
        if (!aligned)
            throw new InvalidOperationException(
                $"The rows read to score in batches ended or came in another order before row {position}: the input " +
                "data view must give the same rows in the same order to every unshuffled cursor.");
        var values = new OrtValue[_batch.Length];
        try
        {
            for (var i = 0; i < _batch.Length; i++)
                values[i] = Tensor(_batch[i], _graph.Inputs[i], _count);
            using var results = _graph.Run(values, _outputNames, _options);
            _outputs = [.. results.Select(result => result.GetTensorDataAsSpan<float>().ToArray())];
        }
        finally
        {
            foreach (var value in values)
                value?.Dispose();
        }
    }

    /// <summary>The first <paramref name="rows"/> rows of <paramref name="buffer"/> as a tensor of the input's shape.</summary>
    private static OrtValue Tensor(Array buffer, RowGraphInput input, int rows)
    {
        long[] shape = [rows, .. input.Shape.Skip(1)];
        var length = rows * input.Length;
        return buffer switch
        {
            float[] floats => OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, floats.AsMemory(0, length), shape),
            ulong[] keys => OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, keys.AsMemory(0, length), shape),
            _ => OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ((long[])buffer).AsMemory(0, length), shape),
        };
    }
}
