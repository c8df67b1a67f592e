using MLNet.TwoTower.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.TwoTower.Evaluation;

/// <summary>
/// The reference protocol's metric: per user, rank that user's scored test rows; relevance 1 if rating ≥ threshold
/// else 0; nDCG@1..k averaged over users with at least one relevant row — computed by ML.NET's own
/// <c>ml.Ranking.Evaluate</c>, after doing what it needs: the group key is built on the evaluated rows themselves (a
/// key fitted on training data maps unseen test users to "missing" and silently corrupts the result), rows are
/// sorted so each group is contiguous, labels become 0/1 gains, and users without positives are left out and counted.
/// </summary>
public static class ReferenceNdcgEvaluator
{
    /// <summary>Evaluates scored test rows (the output of a model's <c>Transform</c>).</summary>
    public static NdcgResult Evaluate(MLContext ml, IDataView scoredTest, NdcgEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(scoredTest);
        options ??= new NdcgEvaluationOptions();
        if (options.TruncationLevel <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.TruncationLevel, $"TruncationLevel (k) must be positive; got {options.TruncationLevel}.");
        if (float.IsNaN(options.RelevanceThreshold))
            throw new ArgumentException("RelevanceThreshold must be a number; got NaN.", nameof(options));
        var scoreColumn = ColumnReader.Find(scoredTest.Schema, options.ScoreColumnName, nameof(options.ScoreColumnName));
        if (scoreColumn.Type != NumberDataViewType.Single)
            throw new ArgumentException($"Column '{options.ScoreColumnName}' must be a scalar Single score; got {scoreColumn.Type}.", nameof(options));

        var users = ColumnReader.ReadIds(scoredTest, options.UserIdColumnName, nameof(options.UserIdColumnName), out int userCount);
        var ratings = ColumnReader.ReadNumbers(scoredTest, options.LabelColumnName, nameof(options.LabelColumnName));
        var scores = ColumnReader.ReadNumbers(scoredTest, options.ScoreColumnName, nameof(options.ScoreColumnName));
        return Evaluate(ml, users, userCount, ratings, scores, options);
    }

    internal static NdcgResult Evaluate(MLContext ml, int[] users, int userCount, double[] ratings, double[] scores, NdcgEvaluationOptions options)
    {
        int nanRows = scores.Count(double.IsNaN);
        if (nanRows > 0 && options.NaNScores == NaNScoreHandling.Throw)
            throw new ArgumentException(
                $"{nanRows} of {scores.Length} rows have a NaN score (typically users or items unseen in training). Choose " +
                "NaNScores = RankLast or Drop, or give the model an UnseenKeyFallback.", nameof(scores));

        var rowsByUser = new List<int>[userCount];
        for (int g = 0; g < userCount; g++)
            rowsByUser[g] = [];
        for (int row = 0; row < users.Length; row++)
        {
            if (users[row] < 0)
                continue; // a row without a user cannot be ranked within a user
            if (double.IsNaN(scores[row]) && options.NaNScores == NaNScoreHandling.Drop)
                continue;
            rowsByUser[users[row]].Add(row);
        }

        var rows = new List<EvaluationRow>();
        int evaluated = 0, withoutPositives = 0;
        foreach (var group in rowsByUser)
        {
            if (group.Count == 0)
                continue;
            if (!group.Any(r => ratings[r] >= options.RelevanceThreshold))
            {
                withoutPositives++;
                continue;
            }
            evaluated++;
            foreach (var r in group)
            {
                rows.Add(new EvaluationRow
                {
                    Group = (uint)evaluated,
                    Label = ratings[r] >= options.RelevanceThreshold ? 1f : 0f,
                    Score = double.IsNaN(scores[r]) ? -float.MaxValue : (float)scores[r],
                });
            }
        }
        if (evaluated == 0)
            throw new ArgumentException(
                $"No user has a relevant test row (rating ≥ {options.RelevanceThreshold}); nDCG is undefined. " +
                $"{withoutPositives} user(s) had only non-relevant rows.", nameof(ratings));

        // Rows are already grouped (contiguous); the key is fitted here, on the evaluated rows only.
        var view = ml.Data.LoadFromEnumerable(rows);
        var keyed = ml.Transforms.Conversion.MapValueToKey("GroupId", nameof(EvaluationRow.Group)).Fit(view).Transform(view);
        var metrics = ml.Ranking.Evaluate(keyed, new RankingEvaluatorOptions { DcgTruncationLevel = options.TruncationLevel },
            labelColumnName: nameof(EvaluationRow.Label), rowGroupColumnName: "GroupId", scoreColumnName: nameof(EvaluationRow.Score));
        return new NdcgResult(metrics.NormalizedDiscountedCumulativeGains.ToArray(), evaluated, withoutPositives, nanRows);
    }

    private sealed class EvaluationRow
    {
        public uint Group { get; set; }
        public float Label { get; set; }
        public float Score { get; set; }
    }
}
