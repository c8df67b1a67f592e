using MLNet.TwoTower.Modeling;
using static TorchSharp.torch;

namespace MLNet.TwoTower.Training.Validation;

/// <summary>
/// Runs one tower in evaluation mode over a list of keys, as the exported model would see them (keys without training
/// pairs read the unknown row 0 through the key map), and copies the embeddings and head outputs to plain arrays.
/// </summary>
internal static class ValidationEmbedder
{
    private const int KeysPerChunk = 4096;

    /// <returns>Row-major <c>[keys, D]</c> embeddings and <c>[keys, HeadSize]</c> head outputs (null without a head).</returns>
    public static (float[] Embeddings, float[]? Head) Embed(Tower tower, Tensor table, Tensor keyMap, int[] keys)
    {
        using var noGrad = no_grad();
        var width = tower.Architecture.EmbeddingSize;
        var headWidth = tower.Architecture.HeadSize;
        var embeddings = new float[keys.Length * width];
        var head = tower.Architecture.HasHead ? new float[keys.Length * headWidth] : null;
        for (var start = 0; start < keys.Length; start += KeysPerChunk)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(KeysPerChunk, keys.Length - start);
            var mapped = keyMap.index_select(0, tensor(keys.AsSpan(start, size).ToArray(), device: table.device));
            var (z, h) = tower.EmbedWithHead(table.index_select(0, mapped), mapped);
            z.cpu().contiguous().data<float>().CopyTo(embeddings, start * width);
            if (head is not null)
                h!.cpu().contiguous().data<float>().CopyTo(head, start * headWidth);
        }
        return (embeddings, head);
    }
}
