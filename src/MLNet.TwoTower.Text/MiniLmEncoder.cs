using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLNet.TwoTower.Text.Mappings;

namespace MLNet.TwoTower.Text;

/// <summary>
/// all-MiniLM-L6-v2 in plain ONNX Runtime, many texts per call: texts are tokenised (truncated to the options'
/// <see cref="SentenceEmbeddingOptions.MaximumTokens"/>), grouped by word-piece count so a batch needs no padding, run
/// <see cref="BatchSize"/> at a time, then mean-pooled and L2-normalised as sentence-transformers does. One text alone
/// goes through the same code as a batch of one. Sessions are created once per device and shared (ONNX Runtime's
/// <c>Run</c> is thread-safe).
/// </summary>
internal static class MiniLmEncoder
{
    /// Texts per ONNX Runtime call; past ~32 the matrix products are already large enough to keep the cores busy.
    public const int BatchSize = 64;

    private static readonly Dictionary<int, InferenceSession> Sessions = [];

    /// <summary>Unit-length embeddings of <paramref name="texts"/>, in their order.</summary>
    public static float[][] Encode(IReadOnlyList<string> texts, SentenceEmbeddingOptions options)
    {
        var tokens = new long[texts.Count][];
        for (int i = 0; i < texts.Count; i++)
        {
            tokens[i] = Tokenize(texts[i], options.MaximumTokens);
        }

        var result = new float[texts.Count][];
        var session = Session(options);
        // Same length → one batch without padding; each text's numbers then do not depend on its neighbours.
        foreach (var group in Enumerable.Range(0, texts.Count).GroupBy(i => tokens[i].Length))
        {
            foreach (var batch in group.Chunk(BatchSize))
            {
                var vectors = Run(session, batch.Select(i => tokens[i]).ToArray(), group.Key);
                for (int b = 0; b < batch.Length; b++)
                {
                    result[batch[b]] = vectors[b];
                }
            }
        }

        return result;
    }

    /// <summary>Word-piece ids of <paramref name="text"/>, [CLS] and [SEP] included, at most <paramref name="maximumTokens"/>.</summary>
    internal static long[] Tokenize(string? text, int maximumTokens)
    {
        var ids = new long[maximumTokens];
        var mask = new long[maximumTokens];
        var tokenizer = MiniLmResources.Tokenizer;
        // FastBertTokenizer keeps scratch buffers in the instance; ML.NET may call from several cursors at once.
        lock (tokenizer)
        {
            tokenizer.Encode(text ?? string.Empty, ids, mask, padTo: null);
        }

        int count = mask.AsSpan().IndexOf(0L) is var end && end >= 0 ? end : maximumTokens;
        return ids[..count];
    }

    private static float[][] Run(InferenceSession session, long[][] batch, int length)
    {
        int rows = batch.Length;
        var ids = new DenseTensor<long>([rows, length]);
        var mask = new DenseTensor<long>([rows, length]);
        var types = new DenseTensor<long>([rows, length]);
        for (int r = 0; r < rows; r++)
        {
            batch[r].CopyTo(ids.Buffer.Span.Slice(r * length, length));
        }

        mask.Buffer.Span.Fill(1);
        using var outputs = session.Run(
        [
            NamedOnnxValue.CreateFromTensor(MiniLmResources.InputIds, ids),
            NamedOnnxValue.CreateFromTensor(MiniLmResources.AttentionMask, mask),
            NamedOnnxValue.CreateFromTensor(MiniLmResources.TokenTypeIds, types),
        ], [MiniLmResources.LastHiddenState]);
        var hidden = outputs[0].AsTensor<float>() as DenseTensor<float>
            ?? throw new InvalidOperationException("all-MiniLM-L6-v2 returned a sparse last_hidden_state; the package's model file has changed.");
        int dimension = SentenceEmbeddingDefaults.Dimension;
        var allTokens = mask.Buffer.Span[..length];
        var result = new float[rows][];
        var span = hidden.Buffer.Span;
        for (int r = 0; r < rows; r++)
        {
            result[r] = MeanPooling.Pool(span.Slice(r * length * dimension, length * dimension), allTokens, dimension);
        }

        return result;
    }

    private static InferenceSession Session(SentenceEmbeddingOptions options)
    {
        int key = options.GpuDeviceId ?? -1;
        lock (Sessions)
        {
            if (!Sessions.TryGetValue(key, out var session))
            {
                Sessions[key] = session = Create(options);
            }

            return session;
        }
    }

    private static InferenceSession Create(SentenceEmbeddingOptions options)
    {
        if (options.GpuDeviceId is not int device)
        {
            return new InferenceSession(MiniLmResources.ModelBytes);
        }

        try
        {
            return new InferenceSession(MiniLmResources.ModelBytes, SessionOptions.MakeSessionOptionWithCudaProvider(device));
        }
        catch (OnnxRuntimeException) when (options.FallbackToCpu)
        {
            return new InferenceSession(MiniLmResources.ModelBytes);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException(
                $"ONNX Runtime could not use GPU {device} for the sentence embeddings ({e.Message}). Install the GPU build of ONNX Runtime, or set FallbackToCpu = true.", e);
        }
    }
}
