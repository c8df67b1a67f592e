using Microsoft.ML.Transforms;

namespace MLNet.TwoTower.Text.Mappings;

/// <summary>
/// sentence-transformers' pooling for all-MiniLM-L6-v2: average the token vectors where the attention mask is 1,
/// then scale to unit length (its Normalize module), so a dot product of two embeddings is their cosine.
/// </summary>
internal abstract class MeanPoolingMapping<TRow> : CustomMappingFactory<TRow, EmbeddingRow>
    where TRow : class, IHiddenStateRow, new()
{
    public override Action<TRow, EmbeddingRow> GetMapping() => (input, output) =>
        output.Embedding = MeanPooling.Pool(input.LastHiddenState, input.AttentionMask, SentenceEmbeddingDefaults.Dimension);
}

/// sentence-transformers' mean pooling and normalisation, shared by the mappings and the batched encoder.
internal static class MeanPooling
{
    /// Averages the rows of <paramref name="hidden"/> ([tokens, dimension], row-major) where <paramref name="mask"/>
    /// is 1, then scales the mean to unit length.
    public static float[] Pool(ReadOnlySpan<float> hidden, ReadOnlySpan<long> mask, int dimension)
    {
        var sum = new double[dimension];
        long count = 0;
        for (int t = 0; t < mask.Length; t++)
        {
            if (mask[t] == 0)
            {
                continue;
            }

            count++;
            int offset = t * dimension;
            for (int d = 0; d < dimension; d++)
            {
                sum[d] += hidden[offset + d];
            }
        }

        // Same clamps as sentence-transformers: token count at least 1e-9, norm at least 1e-12.
        double denominator = Math.Max(count, 1e-9);
        double squared = 0;
        for (int d = 0; d < dimension; d++)
        {
            sum[d] /= denominator;
            squared += sum[d] * sum[d];
        }

        double norm = Math.Max(Math.Sqrt(squared), 1e-12);
        var embedding = new float[dimension];
        for (int d = 0; d < dimension; d++)
        {
            embedding[d] = (float)(sum[d] / norm);
        }

        return embedding;
    }
}


[CustomMappingFactoryAttribute(ContractName)]
internal sealed class MeanPoolingMapping64 : MeanPoolingMapping<HiddenStateRow64>
{
    public const string ContractName = "MLNet.TwoTower.Text.MeanPool64";
}

[CustomMappingFactoryAttribute(ContractName)]
internal sealed class MeanPoolingMapping128 : MeanPoolingMapping<HiddenStateRow128>
{
    public const string ContractName = "MLNet.TwoTower.Text.MeanPool128";
}

[CustomMappingFactoryAttribute(ContractName)]
internal sealed class MeanPoolingMapping256 : MeanPoolingMapping<HiddenStateRow256>
{
    public const string ContractName = "MLNet.TwoTower.Text.MeanPool256";
}
