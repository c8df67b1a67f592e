using MLNet.TwoTower.Retrieval;

namespace MLNet.TwoTower.Tests.Retrieval;

public class TopKHeapTests
{
    [Fact]
    public void DrainBestFirst_KeepsHighestScoresWithTiesToLowerOrdinal()
    {
        // Scores by ordinal: 0→0.5, 1→0.9, 2→0.5, 3→0.1, 4→0.9. Best three: 0.9 (ord 1), 0.9 (ord 4), 0.5 (ord 0);
        // ord 2's 0.5 loses the tie to ord 0.
        var heap = new TopKHeap(3);
        float[] scores = [0.5f, 0.9f, 0.5f, 0.1f, 0.9f];
        for (int i = 0; i < scores.Length; i++)
            heap.Push(scores[i], i);

        Assert.Equal([(1, 0.9f), (4, 0.9f), (0, 0.5f)], heap.DrainBestFirst());
    }
}
