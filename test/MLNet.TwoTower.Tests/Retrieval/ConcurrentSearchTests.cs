using Microsoft.ML;
using MLNet.TwoTower.Retrieval;
using static MLNet.TwoTower.Tests.Retrieval.RetrievalFixtures;

namespace MLNet.TwoTower.Tests.Retrieval;

public class ConcurrentSearchTests
{
    [Theory]
    [InlineData(ItemIndexKind.Exact)]
    [InlineData(ItemIndexKind.Hnsw)]
    public void Search_FromManyThreadsAtOnce_GivesSequentialAnswers(ItemIndexKind kind)
    {
        // 8 threads share an index that reserved only 2 search contexts: the gate must queue them, and every answer
        // must equal the one computed alone (an un-gated USearch fails with "Reserve capacity ahead of searches").
        var ml = new MLContext(seed: 1);
        var items = ClusteredUnitVectors(2000, 16, clusters: 20, seed: 21);
        var queries = RandomUnitVectors(200, 16, seed: 22);
        using var index = BuildIndex(ml, items, kind, searchThreads: 2);
        var sequential = queries.Select(q => index.Search(q, 10)).ToArray();

        var concurrent = new ScoredItem[queries.Length][];
        Parallel.For(0, queries.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            q => concurrent[q] = index.Search(queries[q], 10, key => key != 0));
        var batched = index.Search(queries, 10);

        for (int q = 0; q < queries.Length; q++)
        {
            Assert.Equal(sequential[q], concurrent[q]);
            Assert.Equal(sequential[q], batched[q]);
        }
    }
}
