using Microsoft.ML.OnnxRuntime;

namespace MLNet.TwoTower.Tests.Persistence;

/// <summary>Runs an ONNX file or graph with ONNX Runtime directly, the way a serving process would.</summary>
internal static class OnnxRunner
{
    /// <summary>Runs one batch: float features <c>[n, F]</c> and/or int64 keys <c>[n]</c>; returns <c>[n, D]</c> flat.</summary>
    public static float[] Run(byte[] model, string output, (string Name, float[][] Rows)? features, (string Name, long[] Keys)? keys)
    {
        using var session = new InferenceSession(model);
        var inputs = new Dictionary<string, OrtValue>();
        try
        {
            if (features is { } f)
                inputs[f.Name] = OrtValue.CreateTensorValueFromMemory(f.Rows.SelectMany(r => r).ToArray(),
                    [f.Rows.Length, f.Rows[0].Length]);
            if (keys is { } k)
                inputs[k.Name] = OrtValue.CreateTensorValueFromMemory(k.Keys, [k.Keys.Length]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, inputs, [output]);
            return results[0].GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var value in inputs.Values)
                value.Dispose();
        }
    }
}
