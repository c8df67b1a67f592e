using MLNet.TwoTower.Training.Validation;

namespace MLNet.TwoTower.Tests.Training.Validation;

public class RecallValidatorTests
{
    [Fact]
    public void Recall_ExcludesTrainingItemsBeforeTakingTopK()
    {
        // Scores over 6 columns; column 0 (the best) is a training item and excluded. The top 2 of the rest are
        // columns 2 (0.8) and 4 (0.7). Relevant {2, 5}: one of two found → Recall@2 = 0.5.
        float[] scores = [0.9f, 0.1f, 0.8f, 0.3f, 0.7f, 0.6f];

        var recall = RecallValidator.Recall(scores, new HashSet<int> { 0 }, new HashSet<int> { 2, 5 }, k: 2);

        Assert.Equal(0.5, recall);
    }

    [Fact]
    public void Recall_WithoutExclusion_ExcludedColumnWouldTakeASlot()
    {
        // Same scores, nothing excluded: the top 2 are columns 0 and 2; relevant {4} is missed → 0. With column 0
        // excluded, column 4 moves into the top 2 → 1.
        float[] scores = [0.9f, 0.1f, 0.8f, 0.3f, 0.7f, 0.6f];

        Assert.Equal(0.0, RecallValidator.Recall(scores, new HashSet<int>(), new HashSet<int> { 4 }, k: 2));
        Assert.Equal(1.0, RecallValidator.Recall(scores, new HashSet<int> { 0 }, new HashSet<int> { 4 }, k: 2));
    }

    [Fact]
    public void Recall_TiedScores_LowerColumnWins()
    {
        // Columns 1 and 3 tie for the single slot; the lower column (1) wins, so relevant {3} is missed.
        float[] scores = [0.1f, 0.5f, 0.2f, 0.5f];

        Assert.Equal(0.0, RecallValidator.Recall(scores, new HashSet<int>(), new HashSet<int> { 3 }, k: 1));
        Assert.Equal(1.0, RecallValidator.Recall(scores, new HashSet<int>(), new HashSet<int> { 1 }, k: 1));
    }
}
