using Microsoft.ML;
using MLNet.TwoTower.Evaluation;

namespace MLNet.TwoTower.Tests.Evaluation;

public class ReferenceNdcgEvaluatorTests
{
    private sealed class Scored
    {
        public float User { get; set; }
        public float Rating { get; set; }
        public float Score { get; set; }
    }

    // Rows deliberately interleaved across users (the evaluator must make groups contiguous itself).
    //   user A: scores 0.9 / 0.8 / 0.1, ratings 3 / 5 / 4 → ranked relevances 0, 1, 1
    //     DCG@1 = 0; DCG@2 = 1/log2(3) = 0.630930; DCG@3 = 0.630930 + 1/log2(4) = 1.130930
    //     IDCG (1, 1): @1 = 1; @2 = @3 = 1 + 0.630930 = 1.630930
    //     nDCG@1 = 0, nDCG@2 = 0.386853, nDCG@3 = 0.693426
    //   user B: scores 0.2 / 0.7, ratings 4 / 2 → ranked relevances 0, 1
    //     nDCG@1 = 0, nDCG@2 = nDCG@3 = 0.630930 / 1 = 0.630930
    //   user C: ratings 1 / 2 → no positive → excluded, counted
    //   mean: @1 = 0, @2 = (0.386853 + 0.630930) / 2 = 0.508891, @3 = (0.693426 + 0.630930) / 2 = 0.662178
    private static readonly Scored[] Rows =
    [
        new() { User = 1, Rating = 3, Score = 0.9f },
        new() { User = 2, Rating = 4, Score = 0.2f },
        new() { User = 3, Rating = 1, Score = 0.5f },
        new() { User = 1, Rating = 5, Score = 0.8f },
        new() { User = 2, Rating = 2, Score = 0.7f },
        new() { User = 1, Rating = 4, Score = 0.1f },
        new() { User = 3, Rating = 2, Score = 0.4f },
    ];

    private static NdcgEvaluationOptions Options(int k = 3) => new()
    {
        UserIdColumnName = "User", LabelColumnName = "Rating", ScoreColumnName = "Score", RelevanceThreshold = 4, TruncationLevel = k,
    };

    [Fact]
    public void Evaluate_TinyCase_EqualsHandComputation()
    {
        var ml = new MLContext(1);
        var result = ReferenceNdcgEvaluator.Evaluate(ml, ml.Data.LoadFromEnumerable(Rows), Options());
        Assert.Equal(0.0, result.At(1), 5);
        Assert.Equal(0.508891, result.At(2), 5);
        Assert.Equal(0.662178, result.At(3), 5);
        Assert.Equal(2, result.EvaluatedUsers);
        Assert.Equal(1, result.UsersWithoutPositives);
    }

    [Fact]
    public void Evaluate_NaNScore_ThrowsByDefault_RankLastOnRequest()
    {
        var ml = new MLContext(1);
        var rows = Rows.Select(r => new Scored { User = r.User, Rating = r.Rating, Score = r.Score }).ToArray();
        rows[0].Score = float.NaN; // user A's 0.9 (rating 3) becomes NaN
        var data = ml.Data.LoadFromEnumerable(rows);
        var error = Assert.Throws<ArgumentException>(() => ReferenceNdcgEvaluator.Evaluate(ml, data, Options()));
        Assert.Contains("NaN", error.Message);

        var options = Options();
        options.NaNScores = NaNScoreHandling.RankLast;
        // User A now ranks 5 (0.8), 4 (0.1), 3 (NaN → last): relevances 1, 1, 0 → nDCG@1..3 = 1.
        var result = ReferenceNdcgEvaluator.Evaluate(ml, data, options);
        Assert.Equal((1 + 0) / 2.0, result.At(1), 5);
        Assert.Equal(1, result.NaNScoreRows);
    }

    [Fact]
    public void Evaluate_TruncationNotPositive_Throws()
    {
        var ml = new MLContext(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReferenceNdcgEvaluator.Evaluate(ml, ml.Data.LoadFromEnumerable(Rows), Options(k: 0)));
    }

    [Fact]
    public void Evaluate_NoUserWithPositives_ThrowsExplaining()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows.Where(r => r.User == 3).ToArray());
        var error = Assert.Throws<ArgumentException>(() => ReferenceNdcgEvaluator.Evaluate(ml, data, Options()));
        Assert.Contains("No user has a relevant", error.Message);
    }

    [Fact]
    public void Evaluate_EmptyData_Throws()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Array.Empty<Scored>());
        Assert.Throws<ArgumentException>(() => ReferenceNdcgEvaluator.Evaluate(ml, data, Options()));
    }
}
