using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;

namespace MLNet.TwoTower.Persistence;

/// <summary>
/// <c>ApplyOnnxModel</c> over the project's own graph bytes, retried when ONNX Runtime mistakes the graph for its ORT
/// format. ML.NET writes the bytes to a temporary file named by <see cref="Path.GetRandomFileName"/> (8 random
/// characters, a dot, 3 more) and ONNX Runtime reads a file whose name ends in ".ort" as an ORT-format model
/// (onnxruntime's <c>IsOrtFormatModel</c>): about one name in 46,656 (36³) ends so, and the session then fails with
/// "ORT model verification failed" — seen once in a CI run of the tests, which build a few thousand sessions. Loading a
/// saved model (<c>ml.Model.Load</c>) writes every graph to such a file again, so loads retry too. Another attempt draws
/// another name; any other failure is thrown at once.
/// </summary>
internal static class OnnxModels
{
    /// <summary>Four draws: a spurious failure on all of them is a 1-in-4.7·10¹⁸ event.</summary>
    private const int Attempts = 4;

    /// <summary>The message ONNX Runtime gives when an ORT-format load of ONNX bytes fails.</summary>
    internal const string OrtFormatFailure = "ORT model verification failed";

    public static OnnxScoringEstimator Apply(MLContext ml, string[] outputColumnNames, string[] inputColumnNames, byte[] graph) =>
        Retrying(() => ml.Transforms.ApplyOnnxModel(outputColumnNames, inputColumnNames, new MemoryStream(graph)));

    /// <summary>Runs <paramref name="create"/> (anything that opens ONNX Runtime sessions through ML.NET) with the retry.</summary>
    public static T Retrying<T>(Func<T> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return create();
            }
            catch (Exception error) when (attempt < Attempts && IsOrtFormatFailure(error))
            {
                // A temporary file was named *.ort; the next attempt gets new names.
            }
        }
    }

    /// <summary>Whether <paramref name="error"/> or an inner exception is ONNX Runtime's ORT-format load failure.</summary>
    internal static bool IsOrtFormatFailure(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e.Message.Contains(OrtFormatFailure, StringComparison.Ordinal))
                return true;
        return false;
    }
}
