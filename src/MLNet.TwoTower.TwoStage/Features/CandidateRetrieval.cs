using System.Numerics.Tensors;
using MLNet.TwoTower.Retrieval;

namespace MLNet.TwoTower.TwoStage.Features;

/// <summary>
/// The first stage: a user's top candidates by retrieval score (the embeddings' dot product, what the item index ranks
/// by), exact, ties to the lower key. The same code proposes the re-ranker's training candidates and its serving ones,
/// so training matches serving.
/// </summary>
internal static class CandidateRetrieval
{
    /// <summary>Item keys of the best <paramref name="count"/> allowed items with an embedding, best first.</summary>
    public static uint[] Top(ReadOnlySpan<float> userEmbedding, float[]?[] itemEmbeddings, Func<uint, bool> allowed, int count)
    {
        var heap = new TopKHeap(count);
        for (uint item = 1; item < itemEmbeddings.Length; item++)
        {
            if (itemEmbeddings[item] is not { } embedding || !allowed(item))
                continue;
            heap.Push(TensorPrimitives.Dot(userEmbedding, embedding), (int)item);
        }
        return heap.DrainBestFirst().Select(best => (uint)best.Ordinal).ToArray();
    }
}
